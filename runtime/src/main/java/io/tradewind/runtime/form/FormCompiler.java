package io.tradewind.runtime.form;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.tradewind.model.I18nText;
import io.tradewind.model.form.AutonumberField;
import io.tradewind.model.form.AutonumberPattern;
import io.tradewind.model.form.BooleanField;
import io.tradewind.model.form.CountryField;
import io.tradewind.model.form.DateField;
import io.tradewind.model.form.DatetimeField;
import io.tradewind.model.form.DecimalField;
import io.tradewind.model.form.DepartmentField;
import io.tradewind.model.form.EmailField;
import io.tradewind.model.form.FieldDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.FormRule;
import io.tradewind.model.form.FormulaField;
import io.tradewind.model.form.FormulaOrder;
import io.tradewind.model.form.IntegerField;
import io.tradewind.model.form.LinkField;
import io.tradewind.model.form.MoneyField;
import io.tradewind.model.form.MultiselectField;
import io.tradewind.model.form.PercentField;
import io.tradewind.model.form.PhoneField;
import io.tradewind.model.form.RichtextField;
import io.tradewind.model.form.SelectField;
import io.tradewind.model.form.SelectOption;
import io.tradewind.model.form.SubtableField;
import io.tradewind.model.form.TextField;
import io.tradewind.model.form.TextareaField;
import io.tradewind.model.form.UrlField;
import io.tradewind.model.form.UserField;
import io.tradewind.runtime.form.field.BooleanCodec;
import io.tradewind.runtime.form.field.ChoiceCodec;
import io.tradewind.runtime.form.field.DateCodec;
import io.tradewind.runtime.form.field.DatetimeCodec;
import io.tradewind.runtime.form.field.FieldCodec;
import io.tradewind.runtime.form.field.FormattedTextCodec;
import io.tradewind.runtime.form.field.IdCodec;
import io.tradewind.runtime.form.field.MoneyCodec;
import io.tradewind.runtime.form.field.NumberCodec;
import io.tradewind.runtime.form.field.RichtextCodec;
import io.tradewind.runtime.form.field.TextCodec;
import io.tradewind.runtime.form.query.FieldRef;
import io.tradewind.runtime.script.Formula;
import io.tradewind.runtime.script.Rule;
import io.tradewind.runtime.script.ScriptEngine;
import io.tradewind.runtime.script.SubtableFormulas;

/**
 * Turns a validated form definition into a {@link CompiledForm}: a codec and plan per field, the
 * formula and rule programs, the query allow-list, autonumbers and unique indexes. The definition
 * has passed the model's validator, so this never reports problems of its own.
 */
@ApplicationScoped
public class FormCompiler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Inject
    ScriptEngine scripts;
    @Inject
    ObjectMapper mapper;

    /** A unique index the database must hold for a form. */
    public record UniqueIndex(String name, String field, String ddl) {
    }

    public CompiledForm compile(String app, int version, FormDefinition def) {
        Map<String, FieldPlan> plans = new LinkedHashMap<>();
        for (FieldDefinition f : def.fields()) {
            plans.put(f.key(), plan(app, f));
        }
        String programId = app + "/" + def.key() + "@" + version;
        List<Formula> top = FormulaOrder.order(def.fields()).stream().map(FormCompiler::formula).toList();
        List<SubtableFormulas> subs = new ArrayList<>();
        for (FieldDefinition f : def.fields()) {
            if (f instanceof SubtableField s) {
                List<Formula> rows = FormulaOrder.order(s.fields()).stream().map(FormCompiler::formula).toList();
                if (!rows.isEmpty()) {
                    subs.add(new SubtableFormulas(s.key(), rows));
                }
            }
        }
        CompiledForm.FormulaRunner formulas = top.isEmpty() && subs.isEmpty()
                ? null
                : scripts.formulas(programId, top, subs);
        List<Rule> rules = def.rules().stream().map(FormCompiler::rule).toList();
        CompiledForm.RuleRunner ruleRunner = rules.isEmpty() ? null : scripts.rules(programId, rules);

        Map<String, FieldRef> queryFields = new LinkedHashMap<>();
        for (FieldRef r : FieldRef.system()) {
            queryFields.put(r.key(), r);
        }
        for (FieldDefinition f : def.fields()) {
            FieldPlan p = plans.get(f.key());
            if (p.role() != FieldPlan.Role.SUBTABLE) {
                queryFields.put(f.key(), FieldRef.data(f.key(), kindOf(f, p)));
            }
        }
        List<CompiledForm.Autonumber> autonumbers = new ArrayList<>();
        for (FieldDefinition f : def.fields()) {
            if (f instanceof AutonumberField a) {
                AutonumberPattern pattern = AutonumberPattern.parse(a.pattern());
                autonumbers.add(new CompiledForm.Autonumber(a.key(), pattern::periodKey, pattern::format));
            }
        }
        Map<String, String> uniqueIndexes = new LinkedHashMap<>();
        for (UniqueIndex u : uniqueIndexes(app, def)) {
            uniqueIndexes.put(u.name(), u.field());
        }
        JsonNode definition = mapper.valueToTree(def);
        return new CompiledForm(app, def.key(), version, definition, plans, formulas, ruleRunner, queryFields,
                def.searchFieldKeys(), autonumbers, uniqueIndexes,
                io.tradewind.runtime.form.access.FormAccess.of(def));
    }

    /** A top-level field's query kind, and whether it links to another record. */
    public record FieldKind(FieldCodec.SqlKind kind, boolean link) {
    }

    /** The query kind of every top-level field that is not a subtable, in definition order. */
    public static Map<String, FieldKind> fieldKinds(String app, FormDefinition def) {
        Map<String, FieldKind> out = new LinkedHashMap<>();
        for (FieldDefinition f : def.fields()) {
            FieldPlan p = plan(app, f);
            if (p.role() != FieldPlan.Role.SUBTABLE) {
                out.put(f.key(), new FieldKind(kindOf(f, p), p.role() == FieldPlan.Role.LINK));
            }
        }
        return out;
    }

    /**
     * The unique indexes a form needs: one partial expression index per unique field, scoped by tenant,
     * app and form; emails compare case-insensitively.
     */
    public static List<UniqueIndex> uniqueIndexes(String app, FormDefinition def) {
        List<UniqueIndex> out = new ArrayList<>();
        for (FieldDefinition f : def.fields()) {
            boolean unique = switch (f) {
                case TextField t -> t.unique();
                case EmailField e -> e.unique();
                case PhoneField p -> p.unique();
                case IntegerField i -> i.unique();
                case AutonumberField a -> true;
                default -> false;
            };
            if (!unique) {
                continue;
            }
            String expr = f instanceof EmailField ? "lower(data->>'" + f.key() + "')" : "(data->>'" + f.key() + "')";
            String name = "tw_uq_" + hash(app + "|" + def.key() + "|" + f.key() + "|" + expr);
            // Keys and app/form names are validated identifiers; literals are still quoted defensively.
            String ddl = "create unique index if not exists " + name + " on record (tenant_id, (" + expr
                    + ")) where app_key = " + literal(app) + " and form_key = " + literal(def.key());
            out.add(new UniqueIndex(name, f.key(), ddl));
        }
        return out;
    }

    private static FieldPlan plan(String app, FieldDefinition f) {
        return switch (f) {
            case SubtableField s -> new FieldPlan(s.key(), FieldPlan.Role.SUBTABLE, null, s.required(), null, false,
                    null, null, s.fields().stream().map(r -> plan(app, r)).toList(), s.minRows(), s.maxRows());
            case LinkField l -> new FieldPlan(l.key(), FieldPlan.Role.LINK, new IdCodec("record"), l.required(), null,
                    false, app, l.form(), List.of(), null, 0);
            case FormulaField x -> new FieldPlan(x.key(), FieldPlan.Role.FORMULA, null, false, null, false, null, null,
                    List.of(), null, 0);
            case AutonumberField a -> new FieldPlan(a.key(), FieldPlan.Role.AUTONUMBER, new TextCodec(0, 64, null,
                    false), false, null, true, null, null, List.of(), null, 0);
            default -> new FieldPlan(f.key(), FieldPlan.Role.INPUT, codec(f), f.required(), defaultOf(f), false, null,
                    null, List.of(), null, 0);
        };
    }

    private static FieldCodec codec(FieldDefinition f) {
        return switch (f) {
            case TextField t -> new TextCodec(t.minLength() == null ? 0 : t.minLength(), t.maxLength(),
                    t.pattern() == null ? null : Pattern.compile(t.pattern()), false);
            case TextareaField t -> new TextCodec(t.minLength() == null ? 0 : t.minLength(), t.maxLength(), null,
                    true);
            case RichtextField r -> new RichtextCodec(r.maxLength());
            case IntegerField i -> NumberCodec.integer(i.min(), i.max());
            case DecimalField d -> new NumberCodec(d.scale(), d.min(), d.max());
            case PercentField p -> new NumberCodec(p.scale(), p.min(), p.max());
            case MoneyField m -> new MoneyCodec(currencies(m.currencies()), m.defaultCurrency(), m.scale(), m.min(),
                    m.max());
            case BooleanField b -> new BooleanCodec();
            case DateField d -> new DateCodec(date(d.min()), date(d.max()));
            case DatetimeField d -> new DatetimeCodec(ZoneOffset.UTC);
            case SelectField s -> new ChoiceCodec(values(s.options()), false, false, null, null);
            case MultiselectField m -> new ChoiceCodec(values(m.options()), true, false, m.minItems(), m.maxItems());
            case EmailField e -> new FormattedTextCodec(FormattedTextCodec.Format.EMAIL);
            case PhoneField p -> new FormattedTextCodec(FormattedTextCodec.Format.PHONE);
            case UrlField u -> new FormattedTextCodec(FormattedTextCodec.Format.URL);
            case CountryField c -> ChoiceCodec.country();
            case UserField u -> new IdCodec("user");
            case DepartmentField d -> new IdCodec("department");
            default -> throw new IllegalArgumentException("no codec for field type " + f.type());
        };
    }

    /** The default as stored, with {@code today}/{@code now} as markers resolved at write time. */
    private static JsonNode defaultOf(FieldDefinition f) {
        return switch (f) {
            case TextField t -> text(t.defaultValue());
            case TextareaField t -> text(t.defaultValue());
            case EmailField e -> text(e.defaultValue());
            case CountryField c -> text(c.defaultValue());
            case SelectField s -> text(s.defaultValue());
            case IntegerField i -> i.defaultValue() == null ? null : JSON.numberNode(i.defaultValue());
            case DecimalField d -> decimal(d.defaultValue(), d.scale());
            case PercentField p -> decimal(p.defaultValue(), p.scale());
            case BooleanField b -> b.defaultValue() == null ? null : JSON.booleanNode(b.defaultValue());
            case MultiselectField m -> {
                if (m.defaultValue() == null) {
                    yield null;
                }
                var arr = JSON.arrayNode();
                m.defaultValue().forEach(arr::add);
                yield arr;
            }
            case DateField d -> d.defaultValue() == null
                    ? null
                    : DateField.TODAY.equals(d.defaultValue())
                            ? TextNode.valueOf(FieldPlan.DEFAULT_TODAY)
                            : TextNode.valueOf(d.defaultValue());
            case DatetimeField d -> d.defaultValue() == null
                    ? null
                    : DatetimeField.NOW.equals(d.defaultValue())
                            ? TextNode.valueOf(FieldPlan.DEFAULT_NOW)
                            : TextNode.valueOf(d.defaultValue());
            default -> null;
        };
    }

    private static FieldCodec.SqlKind kindOf(FieldDefinition f, FieldPlan p) {
        if (f instanceof FormulaField x) {
            return switch (x.resultType()) {
                case "integer", "decimal" -> FieldCodec.SqlKind.NUMBER;
                case "boolean" -> FieldCodec.SqlKind.BOOLEAN;
                case "date" -> FieldCodec.SqlKind.DATE;
                default -> FieldCodec.SqlKind.TEXT;
            };
        }
        return p.codec() == null ? FieldCodec.SqlKind.TEXT : p.codec().kind();
    }

    private static Formula formula(FormulaField f) {
        return new Formula(f.key(), f.expr(), f.resultType(), f.scale() == null
                ? FormulaField.DEFAULT_SCALE
                : f.scale());
    }

    private static Rule rule(FormRule r) {
        return new Rule(r.key(), r.when(), texts(r.message()), r.fields());
    }

    private static Map<String, String> texts(I18nText t) {
        return t == null ? Map.of() : t.values();
    }

    private static JsonNode text(String s) {
        return s == null ? null : TextNode.valueOf(s);
    }

    private static JsonNode decimal(BigDecimal d, int scale) {
        return d == null ? null : JSON.numberNode(d.setScale(scale, java.math.RoundingMode.UNNECESSARY));
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    private static List<String> values(List<SelectOption> options) {
        return options.stream().map(SelectOption::value).toList();
    }

    private static Set<String> currencies(List<String> listed) {
        if (listed != null && !listed.isEmpty()) {
            return new TreeSet<>(listed);
        }
        return Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String hash(String s) {
        return io.tradewind.runtime.support.Hashes.sha256Hex(s, 12);
    }
}
