package io.tradewind.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.tradewind.model.app.AppDefinition;
import io.tradewind.model.form.AutonumberField;
import io.tradewind.model.form.AutonumberPattern;
import io.tradewind.model.form.CountryField;
import io.tradewind.model.form.DateField;
import io.tradewind.model.form.DatetimeField;
import io.tradewind.model.form.DecimalField;
import io.tradewind.model.form.EmailField;
import io.tradewind.model.form.ExpressionReferences;
import io.tradewind.model.form.ExpressionScope;
import io.tradewind.model.form.FieldDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.FormRule;
import io.tradewind.model.form.FormulaField;
import io.tradewind.model.form.FormulaOrder;
import io.tradewind.model.form.IntegerField;
import io.tradewind.model.form.LinkField;
import io.tradewind.model.form.ListView;
import io.tradewind.model.form.MoneyField;
import io.tradewind.model.form.MultiselectField;
import io.tradewind.model.form.PercentField;
import io.tradewind.model.form.SelectField;
import io.tradewind.model.form.SelectOption;
import io.tradewind.model.form.SubtableField;
import io.tradewind.model.form.SystemFields;
import io.tradewind.model.form.TextField;
import io.tradewind.model.form.TextareaField;

/**
 * The semantic checks of an app package, after each file parsed: keys, references between
 * definitions and inside expressions, options and defaults against their field type, bounds,
 * autonumber patterns, formula cycles and permissions ({@link PermissionValidator}). Reports every
 * problem, never just the first.
 */
public final class DefinitionValidator {
    private static final Pattern APP_KEY = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");
    private static final Pattern FORM_KEY = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    private static final Pattern ROLE_KEY = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    private static final Pattern FIELD_KEY = Pattern.compile("^[a-z][a-zA-Z0-9_]{0,62}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final List<Problem> problems = new ArrayList<>();

    private DefinitionValidator() {
    }

    /**
     * Validates a whole package.
     *
     * @param folder
     *            the package folder name (the app key must equal it), or null to skip that check
     * @param app
     *            the parsed app.json
     * @param forms
     *            the parsed forms with their files
     */
    public static List<Problem> validate(String folder, Sourced<AppDefinition> app,
            List<Sourced<FormDefinition>> forms) {
        DefinitionValidator v = new DefinitionValidator();
        Map<String, FormDefinition> byKey = new LinkedHashMap<>();
        for (Sourced<FormDefinition> f : forms) {
            FormDefinition def = f.definition();
            String expected = f.file().replaceFirst("^.*/", "").replaceFirst("\\.form\\.json$", "");
            if (!FORM_KEY.matcher(def.key()).matches()) {
                v.add(Problems.KEY_INVALID, f.file(), "/key", "The form key '" + def.key()
                        + "' must start with a lower-case letter and hold only lower-case letters, digits and _.");
            } else if (!def.key().equals(expected)) {
                v.add(Problems.FORM_FILE_NAME_MISMATCH, f.file(), "/key", "The form key '" + def.key()
                        + "' must equal the file name '" + expected + "'.");
            }
            if (byKey.containsKey(def.key())) {
                v.add(Problems.FORM_DUPLICATE_KEY, f.file(), "/key", "Another form already has the key '"
                        + def.key() + "'.");
            } else {
                byKey.put(def.key(), def);
            }
        }
        Set<String> roles = null;
        if (app != null) {
            v.app(folder, app, byKey.keySet());
            roles = new HashSet<>();
            for (AppDefinition.RoleDefinition r : app.definition().roles()) {
                roles.add(r.key());
            }
        }
        for (Sourced<FormDefinition> f : forms) {
            v.form(f.file(), f.definition(), byKey);
            PermissionValidator.validate(f.file(), f.definition(), roles, v.problems);
        }
        return List.copyOf(v.problems);
    }

    private void app(String folder, Sourced<AppDefinition> sourced, Set<String> forms) {
        String file = sourced.file();
        AppDefinition app = sourced.definition();
        if (!APP_KEY.matcher(app.key()).matches()) {
            add(Problems.KEY_INVALID, file, "/key", "The app key '" + app.key()
                    + "' must be 2 to 40 lower-case letters, digits and -, starting with a letter.");
        } else if (folder != null && !app.key().equals(folder)) {
            add(Problems.APP_KEY_MISMATCH, file, "/key", "The app key '" + app.key()
                    + "' must equal the package folder name '" + folder + "'.");
        }
        Set<String> roles = new HashSet<>();
        for (int i = 0; i < app.roles().size(); i++) {
            String key = app.roles().get(i).key();
            if (!ROLE_KEY.matcher(key).matches()) {
                add(Problems.KEY_INVALID, file, "/roles/" + i + "/key", "The role key '" + key
                        + "' must start with a lower-case letter and hold only lower-case letters, digits and _.");
            }
            if (!roles.add(key)) {
                add(Problems.ROLE_DUPLICATE_KEY, file, "/roles/" + i + "/key", "Another role already has the key '"
                        + key + "'.");
            }
        }
        for (int i = 0; i < app.menu().size(); i++) {
            String form = app.menu().get(i).form();
            if (!forms.contains(form)) {
                add(Problems.MENU_UNKNOWN_FORM, file, "/menu/" + i + "/form", "The menu names the form '" + form
                        + "', which the app does not have.");
            }
        }
    }

    private void form(String file, FormDefinition form, Map<String, FormDefinition> forms) {
        fields(file, "/fields", form.fields(), forms, false);
        Map<String, FieldDefinition> top = new LinkedHashMap<>();
        form.fields().forEach(f -> top.putIfAbsent(f.key(), f));
        if (form.titleField() != null && !top.containsKey(form.titleField())) {
            add(Problems.TITLE_UNKNOWN_FIELD, file, "/titleField", "The title field '" + form.titleField()
                    + "' is not a field of the form.");
        }
        Set<String> ruleKeys = new HashSet<>();
        for (int i = 0; i < form.rules().size(); i++) {
            FormRule rule = form.rules().get(i);
            String at = "/rules/" + i;
            if (!FIELD_KEY.matcher(rule.key()).matches()) {
                add(Problems.KEY_INVALID, file, at + "/key", "The rule key '" + rule.key()
                        + "' must start with a lower-case letter and hold only letters, digits and _.");
            }
            if (!ruleKeys.add(rule.key())) {
                add(Problems.RULE_DUPLICATE_KEY, file, at + "/key", "Another rule already has the key '" + rule.key()
                        + "'.");
            }
            expression(file, at + "/when", rule.when(), top.keySet());
            for (int j = 0; j < rule.fields().size(); j++) {
                if (!top.containsKey(rule.fields().get(j))) {
                    add(Problems.RULE_UNKNOWN_FIELD, file, at + "/fields/" + j, "The rule points at '"
                            + rule.fields().get(j) + "', which is not a field of the form.");
                }
            }
        }
        ListView list = form.views().list();
        if (list != null) {
            for (int j = 0; j < list.columns().size(); j++) {
                viewField(file, "/views/list/columns/" + j, list.columns().get(j), top);
            }
            if (list.sort() != null) {
                viewField(file, "/views/list/sort", list.sortField(), top);
            }
            if (list.search() != null) {
                for (int j = 0; j < list.search().size(); j++) {
                    String key = list.search().get(j);
                    FieldDefinition f = top.get(key);
                    if (f == null) {
                        add(Problems.VIEW_UNKNOWN_FIELD, file, "/views/list/search/" + j, "The search names '" + key
                                + "', which is not a field of the form.");
                    } else if (!f.searchable()) {
                        add(Problems.VIEW_FIELD_NOT_SEARCHABLE, file, "/views/list/search/" + j, "The field '" + key
                                + "' is not text, so the search cannot look into it.");
                    }
                }
            }
        }
    }

    private void viewField(String file, String at, String key, Map<String, FieldDefinition> top) {
        if (!top.containsKey(key) && !SystemFields.VIEWABLE.contains(key)) {
            add(Problems.VIEW_UNKNOWN_FIELD, file, at, "The view names '" + key + "', which is neither a field of"
                    + " the form nor a system field.");
        }
    }

    private void fields(String file, String base, List<FieldDefinition> fields, Map<String, FormDefinition> forms,
            boolean inSubtable) {
        Set<String> keys = new HashSet<>();
        Set<String> scope = new HashSet<>();
        fields.forEach(f -> scope.add(f.key()));
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition f = fields.get(i);
            String at = base + "/" + i;
            if (!FIELD_KEY.matcher(f.key()).matches()) {
                add(Problems.KEY_INVALID, file, at + "/key", "The field key '" + f.key()
                        + "' must start with a lower-case letter and hold only letters, digits and _ (at most 63).");
            } else if (SystemFields.RESERVED.contains(f.key())) {
                add(Problems.KEY_RESERVED, file, at + "/key", "'" + f.key()
                        + "' is the name of a system field; choose another key.");
            }
            if (!keys.add(f.key())) {
                add(Problems.FIELD_DUPLICATE_KEY, file, at + "/key", "Another field already has the key '" + f.key()
                        + "'.");
            }
            field(file, at, f, forms, inSubtable, scope);
        }
        for (List<String> cycle : FormulaOrder.cycles(fields)) {
            int index = 0;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).key().equals(cycle.getFirst())) {
                    index = i;
                    break;
                }
            }
            add(Problems.FORMULA_CYCLE, file, base + "/" + index + "/expr", "These formulas depend on each other in"
                    + " a circle: " + String.join(" → ", cycle) + " → " + cycle.getFirst() + ".");
        }
    }

    private void field(String file, String at, FieldDefinition field, Map<String, FormDefinition> forms,
            boolean inSubtable, Set<String> scope) {
        switch (field) {
            case TextField t -> {
                lengths(file, at, t.minLength(), t.maxLength());
                Pattern p = regex(file, at + "/pattern", t.pattern());
                if (t.defaultValue() != null) {
                    textDefault(file, at, t.defaultValue(), t.minLength(), t.maxLength());
                    if (p != null && !p.matcher(t.defaultValue()).matches()) {
                        add(Problems.DEFAULT_PATTERN_MISMATCH, file, at + "/default", "The default does not match the"
                                + " field's pattern.");
                    }
                }
            }
            case TextareaField t -> {
                lengths(file, at, t.minLength(), t.maxLength());
                if (t.defaultValue() != null) {
                    textDefault(file, at, t.defaultValue(), t.minLength(), t.maxLength());
                }
            }
            case IntegerField n -> {
                if (n.min() != null && n.max() != null && n.min() > n.max()) {
                    add(Problems.RANGE_INVERTED, file, at + "/min", "min is greater than max.");
                }
                if (n.defaultValue() != null && (n.min() != null && n.defaultValue() < n.min()
                        || n.max() != null && n.defaultValue() > n.max())) {
                    add(Problems.DEFAULT_OUT_OF_RANGE, file, at + "/default", "The default lies outside min/max.");
                }
            }
            case DecimalField d -> decimal(file, at, d.scale(), DecimalField.MAX_SCALE, d.min(), d.max(),
                    d.defaultValue());
            case PercentField p -> decimal(file, at, p.scale(), PercentField.MAX_SCALE, p.min(), p.max(),
                    p.defaultValue());
            case MoneyField m -> {
                decimal(file, at, m.scale(), MoneyField.MAX_SCALE, m.min(), m.max(), null);
                Set<String> seen = new HashSet<>();
                List<String> currencies = m.currencies() == null ? List.of() : m.currencies();
                for (int j = 0; j < currencies.size(); j++) {
                    String c = currencies.get(j);
                    if (!isCurrency(c)) {
                        add(Problems.CURRENCY_UNKNOWN, file, at + "/currencies/" + j, "'" + c
                                + "' is not an ISO 4217 currency code.");
                    } else if (!seen.add(c)) {
                        add(Problems.OPTIONS_DUPLICATE, file, at + "/currencies/" + j, "The currency '" + c
                                + "' is listed twice.");
                    }
                }
                String dc = m.defaultCurrency();
                if (dc != null) {
                    if (!isCurrency(dc)) {
                        add(Problems.CURRENCY_UNKNOWN, file, at + "/defaultCurrency", "'" + dc
                                + "' is not an ISO 4217 currency code.");
                    } else if (!currencies.isEmpty() && !currencies.contains(dc)) {
                        add(Problems.DEFAULT_NOT_AN_OPTION, file, at + "/defaultCurrency", "The default currency '"
                                + dc + "' is not one of the field's currencies.");
                    }
                }
            }
            case DateField d -> {
                LocalDate min = date(file, at + "/min", d.min());
                LocalDate max = date(file, at + "/max", d.max());
                if (min != null && max != null && min.isAfter(max)) {
                    add(Problems.RANGE_INVERTED, file, at + "/min", "min is after max.");
                }
                if (d.defaultValue() != null && !DateField.TODAY.equals(d.defaultValue())) {
                    LocalDate def = parseDate(d.defaultValue());
                    if (def == null) {
                        add(Problems.DEFAULT_WRONG_TYPE, file, at + "/default", "The default must be \"today\" or a"
                                + " date like 2026-01-31.");
                    } else if (min != null && def.isBefore(min) || max != null && def.isAfter(max)) {
                        add(Problems.DEFAULT_OUT_OF_RANGE, file, at + "/default", "The default lies outside min/max.");
                    }
                }
            }
            case DatetimeField d -> {
                if (d.defaultValue() != null && !DatetimeField.NOW.equals(d.defaultValue())) {
                    try {
                        OffsetDateTime.parse(d.defaultValue());
                    } catch (DateTimeParseException e) {
                        add(Problems.DEFAULT_WRONG_TYPE, file, at + "/default", "The default must be \"now\" or a"
                                + " date-time with offset like 2026-01-31T09:00:00Z.");
                    }
                }
            }
            case SelectField s -> {
                Set<String> values = options(file, at, s.options());
                if (s.defaultValue() != null && !values.contains(s.defaultValue())) {
                    add(Problems.DEFAULT_NOT_AN_OPTION, file, at + "/default", "The default '" + s.defaultValue()
                            + "' is not one of the options.");
                }
            }
            case MultiselectField s -> {
                Set<String> values = options(file, at, s.options());
                if (s.minItems() != null && s.maxItems() != null && s.minItems() > s.maxItems()) {
                    add(Problems.RANGE_INVERTED, file, at + "/minItems", "minItems is greater than maxItems.");
                }
                if (s.defaultValue() != null) {
                    for (int j = 0; j < s.defaultValue().size(); j++) {
                        if (!values.contains(s.defaultValue().get(j))) {
                            add(Problems.DEFAULT_NOT_AN_OPTION, file, at + "/default/" + j, "The default '"
                                    + s.defaultValue().get(j) + "' is not one of the options.");
                        }
                    }
                    int n = s.defaultValue().size();
                    if (s.minItems() != null && n < s.minItems() || s.maxItems() != null && n > s.maxItems()) {
                        add(Problems.DEFAULT_OUT_OF_RANGE, file, at + "/default", "The default has " + n
                                + " items, outside minItems/maxItems.");
                    }
                }
            }
            case EmailField e -> {
                if (e.defaultValue() != null && !EMAIL.matcher(e.defaultValue()).matches()) {
                    add(Problems.DEFAULT_WRONG_TYPE, file, at + "/default", "The default is not an e-mail address.");
                }
            }
            case CountryField c -> {
                if (c.defaultValue() != null && !COUNTRIES.contains(c.defaultValue())) {
                    add(Problems.COUNTRY_UNKNOWN, file, at + "/default", "'" + c.defaultValue()
                            + "' is not an upper-case ISO 3166-1 alpha-2 country code.");
                }
            }
            case LinkField l -> {
                FormDefinition target = forms.get(l.form());
                if (target == null) {
                    add(Problems.LINK_UNKNOWN_FORM, file, at + "/form", "The link points to the form '" + l.form()
                            + "', which the app does not have.");
                } else if (l.display() != null && target.field(l.display()).isEmpty()) {
                    add(Problems.LINK_UNKNOWN_DISPLAY_FIELD, file, at + "/display", "The form '" + l.form()
                            + "' has no field '" + l.display() + "' to display.");
                }
            }
            case SubtableField s -> {
                if (inSubtable) {
                    add(Problems.SUBTABLE_NESTED, file, at + "/type", "A subtable cannot hold another subtable.");
                    return;
                }
                if (s.minRows() != null && s.maxRows() != null && s.minRows() > s.maxRows()) {
                    add(Problems.RANGE_INVERTED, file, at + "/minRows", "minRows is greater than maxRows.");
                }
                fields(file, at + "/fields", s.fields(), forms, true);
            }
            case AutonumberField a -> {
                if (inSubtable) {
                    add(Problems.SUBTABLE_FIELD_NOT_ALLOWED, file, at + "/type", "Subtable rows cannot have"
                            + " autonumbers.");
                }
                try {
                    AutonumberPattern.parse(a.pattern());
                } catch (IllegalArgumentException e) {
                    add(Problems.AUTONUMBER_PATTERN_INVALID, file, at + "/pattern", e.getMessage());
                }
            }
            case FormulaField x -> {
                if (x.scale() != null && (x.scale() < 0 || x.scale() > FormulaField.MAX_SCALE)) {
                    add(Problems.SCALE_OUT_OF_RANGE, file, at + "/scale", "The scale must be between 0 and "
                            + FormulaField.MAX_SCALE + ".");
                }
                expression(file, at + "/expr", x.expr(), scope);
            }
            default -> {
                // richtext, boolean, phone, url, user, department: nothing beyond the schema
            }
        }
    }

    private void expression(String file, String at, String expr, Set<String> scope) {
        var syntax = ExpressionReferences.syntaxProblem(expr);
        if (syntax.isPresent()) {
            add(Problems.EXPR_SYNTAX, file, at, "The expression cannot be read: " + syntax.get() + ".");
            return;
        }
        for (String name : ExpressionReferences.freeIdentifiers(expr)) {
            if (!scope.contains(name) && !ExpressionScope.isBuiltIn(name)) {
                add(Problems.EXPR_UNKNOWN_FIELD, file, at, "The expression uses '" + name
                        + "', which is neither a field here nor a built-in function.");
            }
        }
    }

    private Set<String> options(String file, String at, List<SelectOption> options) {
        Set<String> values = new HashSet<>();
        if (options == null || options.isEmpty()) {
            add(Problems.OPTIONS_EMPTY, file, at + "/options", "The field needs at least one option.");
            return values;
        }
        for (int j = 0; j < options.size(); j++) {
            if (!values.add(options.get(j).value())) {
                add(Problems.OPTIONS_DUPLICATE, file, at + "/options/" + j, "The option '" + options.get(j).value()
                        + "' is listed twice.");
            }
        }
        return values;
    }

    private void lengths(String file, String at, Integer min, Integer max) {
        if (min != null && max != null && min > max) {
            add(Problems.RANGE_INVERTED, file, at + "/minLength", "minLength is greater than maxLength.");
        }
    }

    private void textDefault(String file, String at, String value, Integer min, Integer max) {
        int n = value.codePointCount(0, value.length());
        if (min != null && n < min || max != null && n > max) {
            add(Problems.DEFAULT_OUT_OF_RANGE, file, at + "/default", "The default's length lies outside"
                    + " minLength/maxLength.");
        }
    }

    private void decimal(String file, String at, Integer scale, int maxScale, BigDecimal min, BigDecimal max,
            BigDecimal def) {
        if (scale != null && (scale < 0 || scale > maxScale)) {
            add(Problems.SCALE_OUT_OF_RANGE, file, at + "/scale", "The scale must be between 0 and " + maxScale + ".");
            return;
        }
        int s = scale == null ? 2 : scale;
        for (var e : new Object[][]{{"min", min}, {"max", max}, {"default", def}}) {
            BigDecimal v = (BigDecimal) e[1];
            if (v != null && Math.max(0, v.stripTrailingZeros().scale()) > s) {
                add(Problems.SCALE_EXCEEDED, file, at + "/" + e[0], "The value has more than " + s
                        + " decimal places.");
            }
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            add(Problems.RANGE_INVERTED, file, at + "/min", "min is greater than max.");
        }
        if (def != null && (min != null && def.compareTo(min) < 0 || max != null && def.compareTo(max) > 0)) {
            add(Problems.DEFAULT_OUT_OF_RANGE, file, at + "/default", "The default lies outside min/max.");
        }
    }

    private Pattern regex(String file, String at, String pattern) {
        if (pattern == null) {
            return null;
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            add(Problems.REGEX_INVALID, file, at, "The pattern is not a valid regular expression: "
                    + e.getDescription() + ".");
            return null;
        }
    }

    private LocalDate date(String file, String at, String value) {
        if (value == null) {
            return null;
        }
        LocalDate d = parseDate(value);
        if (d == null) {
            add(Problems.DATE_INVALID, file, at, "'" + value + "' is not a date like 2026-01-31.");
        }
        return d;
    }

    private static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isCurrency(String code) {
        try {
            return code != null && code.equals(Currency.getInstance(code).getCurrencyCode());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void add(String code, String file, String pointer, String message) {
        problems.add(new Problem(code, file, pointer, message));
    }
}
