package io.tradewind.model;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.form.CountryField;
import io.tradewind.model.form.FieldDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.LinkField;
import io.tradewind.model.form.RowScope;
import io.tradewind.model.form.SelectField;
import io.tradewind.model.form.SelectOption;
import io.tradewind.model.form.SubtableField;
import io.tradewind.model.report.Chart;
import io.tradewind.model.report.ChartType;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.DashboardItem;
import io.tradewind.model.report.Dataset;
import io.tradewind.model.report.Dimension;
import io.tradewind.model.report.Measure;
import io.tradewind.model.report.ParameterType;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.model.report.ReportParameter;

/**
 * The semantic checks of reports and dashboards against the forms of their package: keys, the
 * dataset's form and subtable, field paths, date buckets, aggregations against field types, ratios,
 * sort keys, filters and the parameters they use, charts, and dashboard items against their
 * reports. Reports every problem, never just the first.
 */
public final class ReportValidator {
    private static final Pattern KEY = Pattern.compile("^[a-z][a-zA-Z0-9_-]{0,62}$");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** A field a report may name: how it compares, and its definition (null for system fields). */
    private record Column(FilterCheck.Kind kind, FieldDefinition field) {
        boolean isCountry() {
            return field instanceof CountryField;
        }
    }

    private final Map<String, FormDefinition> forms;
    private final List<Problem> problems = new ArrayList<>();

    private ReportValidator(Map<String, FormDefinition> forms) {
        this.forms = forms;
    }

    /**
     * Validates the reports and dashboards of a package.
     *
     * @param forms
     *            the package's forms by key
     * @param reports
     *            the parsed reports with their files
     * @param dashboards
     *            the parsed dashboards with their files
     */
    public static List<Problem> validate(Map<String, FormDefinition> forms, List<Sourced<ReportDefinition>> reports,
            List<Sourced<DashboardDefinition>> dashboards) {
        ReportValidator v = new ReportValidator(forms);
        Map<String, ReportDefinition> byKey = new LinkedHashMap<>();
        for (Sourced<ReportDefinition> r : reports) {
            v.report(r.file(), r.definition());
            byKey.putIfAbsent(r.definition().key(), r.definition());
        }
        for (Sourced<DashboardDefinition> d : dashboards) {
            v.dashboard(d.file(), d.definition(), byKey);
        }
        return List.copyOf(v.problems);
    }

    // --- reports ---

    private void report(String file, ReportDefinition r) {
        fileKey(file, r.key(), "\\.report\\.json$", Problems.REPORT_FILE_NAME_MISMATCH, "report");
        Map<String, ParameterType> params = parameters(file, r.parameters());
        Set<String> keys = new HashSet<>();
        Map<String, Dimension> dims = new LinkedHashMap<>();
        for (int i = 0; i < r.dimensions().size(); i++) {
            Dimension d = r.dimensions().get(i);
            key(file, "/dimensions/" + i + "/key", d.key(), keys, "dimension or measure");
            dims.putIfAbsent(d.key(), d);
        }
        Map<String, Measure> measures = new LinkedHashMap<>();
        for (int i = 0; i < r.measures().size(); i++) {
            Measure m = r.measures().get(i);
            key(file, "/measures/" + i + "/key", m.key(), keys, "dimension or measure");
            measures.putIfAbsent(m.key(), m);
        }

        Map<String, Column> scope = dataset(file, r.dataset(), params);
        Map<String, Column> dimColumns = new LinkedHashMap<>();
        for (int i = 0; i < r.dimensions().size(); i++) {
            Dimension d = r.dimensions().get(i);
            String at = "/dimensions/" + i;
            Column c = scope == null ? null : column(file, at + "/field", d.field(), scope);
            if (c == null) {
                continue;
            }
            dimColumns.putIfAbsent(d.key(), c);
            if (c.kind() == FilterCheck.Kind.SUBTABLE || c.kind() == FilterCheck.Kind.ARRAY) {
                add(Problems.REPORT_FIELD_NOT_SCALAR, file, at + "/field", "'" + d.field() + "' holds several"
                        + " values, so the report cannot group by it" + (c.kind() == FilterCheck.Kind.SUBTABLE
                                ? "; use dataset.rows to report on its rows."
                                : "."));
            } else if (d.bucket() != null && c.kind() != FilterCheck.Kind.DATE
                    && c.kind() != FilterCheck.Kind.DATETIME) {
                add(Problems.REPORT_BUCKET_NOT_DATE, file, at + "/bucket", "'" + d.field() + "' is not a date, so"
                        + " it cannot be grouped by " + d.bucket().json() + ".");
            }
        }
        for (int i = 0; i < r.measures().size(); i++) {
            measure(file, "/measures/" + i, r.measures().get(i), measures, scope, params);
        }
        for (int i = 0; i < r.sort().size(); i++) {
            String k = r.sort().get(i).key();
            if (!dims.containsKey(k) && !measures.containsKey(k)) {
                add(Problems.REPORT_SORT_UNKNOWN_KEY, file, "/sort/" + i + "/key", "The report has no dimension"
                        + " or measure '" + k + "' to sort by.");
            }
        }
        chart(file, r.chart(), dims, measures.keySet(), dimColumns);
    }

    /** Checks the dataset; returns the fields its rows have, or null when its form is unknown. */
    private Map<String, Column> dataset(String file, Dataset ds, Map<String, ParameterType> params) {
        FormDefinition form = forms.get(ds.form());
        if (form == null) {
            add(Problems.REPORT_UNKNOWN_FORM, file, "/dataset/form", "The app has no form '" + ds.form() + "'.");
            return null;
        }
        if (ds.filter() != null) {
            filter(file, "/dataset/filter", ds.filter(), FilterCheck.kinds(form), params);
        }
        Map<String, Column> record = columns(form);
        if (ds.rows() == null) {
            return record;
        }
        if (!(form.field(ds.rows()).orElse(null) instanceof SubtableField sub)) {
            add(Problems.REPORT_UNKNOWN_ROWS, file, "/dataset/rows", "'" + ds.rows() + "' is not a subtable of the"
                    + " form '" + form.key() + "'.");
            return null;
        }
        Map<String, Column> out = new LinkedHashMap<>();
        for (FieldDefinition f : sub.fields()) {
            out.putIfAbsent(f.key(), new Column(FilterCheck.kind(f), f));
        }
        record.forEach((k, c) -> out.put(Dataset.PARENT_PREFIX + k, c));
        return out;
    }

    /** The system fields and top-level fields of a form. */
    private static Map<String, Column> columns(FormDefinition form) {
        Map<String, Column> out = new LinkedHashMap<>();
        FilterCheck.kinds(form).forEach((k, kind) -> out.put(k, new Column(kind, form.field(k).orElse(null))));
        return out;
    }

    /**
     * Resolves a field path: a field of the scope, or one join {@code <link>.<field of its form>};
     * reports and returns null when it names nothing.
     */
    private Column column(String file, String at, String path, Map<String, Column> scope) {
        Column direct = scope.get(path);
        if (direct != null) {
            return direct;
        }
        int dot = path.lastIndexOf('.');
        if (dot > 0 && scope.get(path.substring(0, dot)) instanceof Column link
                && link.field() instanceof LinkField lf && forms.get(lf.form()) instanceof FormDefinition target) {
            Column c = columns(target).get(path.substring(dot + 1));
            if (c != null) {
                return c;
            }
            add(Problems.REPORT_UNKNOWN_FIELD, file, at, "The form '" + target.key() + "' has no field '"
                    + path.substring(dot + 1) + "'.");
            return null;
        }
        add(Problems.REPORT_UNKNOWN_FIELD, file, at, "'" + path + "' is neither a field of the dataset nor a system"
                + " field, nor <link field>.<field of the linked form>.");
        return null;
    }

    private void measure(String file, String at, Measure m, Map<String, Measure> measures,
            Map<String, Column> scope, Map<String, ParameterType> params) {
        if (m.ratio() != null) {
            if (m.agg() != null) {
                add(Problems.REPORT_MEASURE_INVALID, file, at + "/ratio", "A measure is either an aggregation"
                        + " (agg) or a ratio, not both.");
            }
            if (m.field() != null || m.filter() != null) {
                add(Problems.REPORT_MEASURE_INVALID, file, at + (m.field() != null ? "/field" : "/filter"),
                        "A ratio divides two other measures; give field and filter to those.");
            }
            ratioPart(file, at + "/ratio/numerator", m.ratio().numerator(), m, measures);
            ratioPart(file, at + "/ratio/denominator", m.ratio().denominator(), m, measures);
            return;
        }
        if (m.agg() == null) {
            add(Problems.REPORT_MEASURE_INVALID, file, at, "A measure needs either agg (count, sum, avg, min, max,"
                    + " countDistinct) or ratio.");
            return;
        }
        if (scope == null) {
            return;
        }
        if (m.filter() != null) {
            Map<String, FilterCheck.Kind> kinds = new LinkedHashMap<>();
            scope.forEach((k, c) -> kinds.put(k, c.kind()));
            filter(file, at + "/filter", m.filter(), kinds, params);
        }
        if (m.field() == null) {
            if (m.agg() != io.tradewind.model.report.Aggregation.COUNT) {
                add(Problems.REPORT_MEASURE_INVALID, file, at, "The aggregation " + m.agg().json() + " needs a"
                        + " field.");
            }
            return;
        }
        Column c = column(file, at + "/field", m.field(), scope);
        if (c == null) {
            return;
        }
        FilterCheck.Kind k = c.kind();
        boolean fits = switch (m.agg()) {
            case SUM, AVG -> k == FilterCheck.Kind.NUMBER;
            case MIN, MAX -> k == FilterCheck.Kind.NUMBER || k == FilterCheck.Kind.DATE
                    || k == FilterCheck.Kind.DATETIME;
            case COUNT_DISTINCT -> k != FilterCheck.Kind.ARRAY && k != FilterCheck.Kind.SUBTABLE;
            case COUNT -> k != FilterCheck.Kind.SUBTABLE;
        };
        if (!fits) {
            add(Problems.REPORT_AGG_TYPE_MISMATCH, file, at + "/agg", switch (m.agg()) {
                case SUM, AVG -> m.agg().json() + " needs a number field; '" + m.field() + "' is not one.";
                case MIN, MAX -> m.agg().json() + " needs a number, date or date-time field; '" + m.field()
                        + "' is not one.";
                default -> m.agg().json() + " needs a field with one value per row; '" + m.field() + "' is not one.";
            });
        }
    }

    private void ratioPart(String file, String at, String key, Measure self, Map<String, Measure> measures) {
        Measure target = measures.get(key);
        if (target == null || target == self || target.ratio() != null || target.agg() == null) {
            add(Problems.REPORT_RATIO_UNKNOWN_MEASURE, file, at, "'" + key + "' is not another aggregation"
                    + " measure of this report.");
        }
    }

    private void chart(String file, Chart chart, Map<String, Dimension> dims, Set<String> measures,
            Map<String, Column> columns) {
        ChartType type = chart.type();
        if (chart.x() != null && !dims.containsKey(chart.x())) {
            add(Problems.REPORT_CHART_UNKNOWN_KEY, file, "/chart/x", "The report has no dimension '" + chart.x()
                    + "'.");
        }
        if (chart.series() != null && !dims.containsKey(chart.series())) {
            add(Problems.REPORT_CHART_UNKNOWN_KEY, file, "/chart/series", "The report has no dimension '"
                    + chart.series() + "'.");
        }
        keys(file, "/chart/y", chart.y(), measures, "measure");
        keys(file, "/chart/rows", chart.rows(), dims.keySet(), "dimension");
        keys(file, "/chart/columns", chart.columns(), dims.keySet(), "dimension");
        if (type != ChartType.TABLE && chart.y().isEmpty()) {
            incomplete(file, type, "y");
        }
        boolean needsX = switch (type) {
            case BAR, LINE, AREA, PIE, FUNNEL, LEADERBOARD, MAP -> true;
            default -> false;
        };
        if (needsX && chart.x() == null) {
            incomplete(file, type, "x");
        }
        if (type == ChartType.FUNNEL) {
            if (chart.stages().isEmpty()) {
                incomplete(file, type, "stages");
            } else if (chart.x() != null && dims.get(chart.x()) instanceof Dimension d && d.bucket() == null
                    && columns.get(d.key()) instanceof Column c && c.field() instanceof SelectField select) {
                Set<String> values = new HashSet<>();
                select.options().stream().map(SelectOption::value).forEach(values::add);
                for (int i = 0; i < chart.stages().size(); i++) {
                    if (!values.contains(chart.stages().get(i))) {
                        add(Problems.REPORT_FUNNEL_UNKNOWN_STAGE, file, "/chart/stages/" + i, "'"
                                + chart.stages().get(i) + "' is not an option of '" + d.field() + "'.");
                    }
                }
            }
        }
        if (type == ChartType.PIVOT) {
            if (chart.rows().isEmpty()) {
                incomplete(file, type, "rows");
            }
            if (chart.columns().isEmpty()) {
                incomplete(file, type, "columns");
            }
        }
        if (type == ChartType.MAP && chart.x() != null && dims.get(chart.x()) instanceof Dimension d
                && columns.get(d.key()) instanceof Column c && (!c.isCountry() || d.bucket() != null)) {
            add(Problems.REPORT_MAP_NOT_COUNTRY, file, "/chart/x", "A map draws countries; the dimension '" + d.key()
                    + "' is not a country field.");
        }
    }

    private void keys(String file, String at, List<String> keys, Set<String> known, String what) {
        for (int i = 0; i < keys.size(); i++) {
            if (!known.contains(keys.get(i))) {
                add(Problems.REPORT_CHART_UNKNOWN_KEY, file, at + "/" + i, "The report has no " + what + " '"
                        + keys.get(i) + "'.");
            }
        }
    }

    private void incomplete(String file, ChartType type, String property) {
        add(Problems.REPORT_CHART_INCOMPLETE, file, "/chart", "A " + type.json() + " chart needs '" + property
                + "'.");
    }

    private void filter(String file, String at, JsonNode filter, Map<String, FilterCheck.Kind> kinds,
            Map<String, ParameterType> params) {
        for (FilterCheck.Issue issue : FilterCheck.check(filter, at, kinds, params)) {
            add(issue.unknownParameter() ? Problems.REPORT_UNKNOWN_PARAMETER : Problems.REPORT_FILTER_INVALID, file,
                    issue.pointer(), issue.message());
        }
    }

    // --- dashboards ---

    private void dashboard(String file, DashboardDefinition d, Map<String, ReportDefinition> reports) {
        fileKey(file, d.key(), "\\.dashboard\\.json$", Problems.DASHBOARD_FILE_NAME_MISMATCH, "dashboard");
        Map<String, ParameterType> params = parameters(file, d.parameters());
        for (int i = 0; i < d.items().size(); i++) {
            DashboardItem item = d.items().get(i);
            String at = "/items/" + i;
            ReportDefinition report = reports.get(item.report());
            if (report == null) {
                add(Problems.DASHBOARD_UNKNOWN_REPORT, file, at + "/report", "The app has no report '"
                        + item.report() + "'.");
                continue;
            }
            for (var e : item.parameters().entrySet()) {
                String p = at + "/parameters/" + DefinitionParser.escape(e.getKey());
                ReportParameter target = report.parameter(e.getKey()).orElse(null);
                if (target == null) {
                    add(Problems.DASHBOARD_UNKNOWN_PARAMETER, file, p, "The report '" + report.key() + "' has no"
                            + " parameter '" + e.getKey() + "'.");
                    continue;
                }
                JsonNode v = e.getValue();
                if (v.isTextual() && v.textValue().startsWith(FilterCheck.PARAM_PREFIX)) {
                    String name = v.textValue().substring(FilterCheck.PARAM_PREFIX.length());
                    ParameterType from = params.get(name);
                    if (from == null) {
                        add(Problems.REPORT_UNKNOWN_PARAMETER, file, p, "The dashboard does not declare the"
                                + " parameter '" + name + "'.");
                    } else if (!compatible(from, target.type())) {
                        add(Problems.REPORT_PARAMETER_INVALID, file, p, "The dashboard parameter '" + name + "' is a "
                                + from.json() + "; the report's '" + target.key() + "' takes a " + target.type()
                                        .json()
                                + ".");
                    }
                } else {
                    String problem = fits(target.type(), v, target.options());
                    if (problem != null) {
                        add(Problems.REPORT_PARAMETER_INVALID, file, p, problem);
                    }
                }
            }
        }
    }

    private static boolean compatible(ParameterType from, ParameterType to) {
        boolean dates = (from == ParameterType.DATE || from == ParameterType.DATETIME)
                && (to == ParameterType.DATE || to == ParameterType.DATETIME);
        return from == to || dates || to == ParameterType.TEXT && from != ParameterType.NUMBER;
    }

    // --- shared ---

    private void fileKey(String file, String key, String suffix, String mismatch, String what) {
        String expected = file.replaceFirst("^.*/", "").replaceFirst(suffix, "");
        if (!KEY.matcher(key).matches()) {
            add(Problems.KEY_INVALID, file, "/key", "The " + what + " key '" + key + "' must start with a"
                    + " lower-case letter and hold only letters, digits, _ and -.");
        } else if (!key.equals(expected)) {
            add(mismatch, file, "/key", "The " + what + " key '" + key + "' must equal the file name '" + expected
                    + "'.");
        }
    }

    private void key(String file, String at, String key, Set<String> seen, String what) {
        if (!KEY.matcher(key).matches()) {
            add(Problems.KEY_INVALID, file, at, "The key '" + key + "' must start with a lower-case letter and"
                    + " hold only letters, digits, _ and -.");
        }
        if (!seen.add(key)) {
            add(Problems.REPORT_DUPLICATE_KEY, file, at, "Another " + what + " already has the key '" + key + "'.");
        }
    }

    /** Checks parameter declarations; returns their types by key. */
    private Map<String, ParameterType> parameters(String file, List<ReportParameter> parameters) {
        Map<String, ParameterType> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parameters.size(); i++) {
            ReportParameter p = parameters.get(i);
            String at = "/parameters/" + i;
            key(file, at + "/key", p.key(), seen, "parameter");
            out.putIfAbsent(p.key(), p.type());
            boolean select = p.type() == ParameterType.SELECT;
            if (select && p.options().isEmpty()) {
                add(Problems.REPORT_PARAMETER_INVALID, file, at, "A select parameter needs options.");
            } else if (!select && !p.options().isEmpty()) {
                add(Problems.REPORT_PARAMETER_INVALID, file, at + "/options", "Only select parameters have"
                        + " options.");
            }
            if (p.defaultValue() != null) {
                String problem = fits(p.type(), p.defaultValue(), p.options());
                if (problem != null) {
                    add(Problems.REPORT_PARAMETER_INVALID, file, at + "/default", problem);
                }
            }
        }
        return out;
    }

    /** Why a value does not fit a parameter type, or null when it does. */
    static String fits(ParameterType type, JsonNode v, List<String> options) {
        String s = v.isTextual() ? v.textValue() : null;
        return switch (type) {
            case DATE -> s != null && (parses(() -> LocalDate.parse(s)) || relative(s))
                    ? null
                    : "Expected a date like 2026-01-31, a period like -P90D or P0D, or startOfMonth, startOfQuarter,"
                            + " startOfYear.";
            case DATETIME -> s != null && (parses(() -> OffsetDateTime.parse(s)) || relative(s))
                    ? null
                    : "Expected a date-time like 2026-01-31T09:00:00Z, a period like -P90D, or startOfMonth,"
                            + " startOfQuarter, startOfYear.";
            case NUMBER -> v.isNumber() ? null : "Expected a number.";
            case COUNTRY -> s != null && COUNTRIES.contains(s)
                    ? null
                    : "Expected an upper-case ISO 3166-1 country code like DE.";
            case SELECT -> s != null && options.contains(s) ? null : "Expected one of the options " + options + ".";
            case USER -> RowScope.Filter.USER_ID.equals(s)
                    ? null
                    : "User ids differ per tenant; a user parameter can only be preset to \"$user.id\", the viewer.";
            case DEPARTMENT -> RowScope.Filter.USER_DEPARTMENT.equals(s)
                    ? null
                    : "Department ids differ per tenant; a department parameter can only be preset to"
                            + " \"$user.department\", the viewer's department.";
            default -> s != null ? null : "Expected a text value.";
        };
    }

    private static boolean relative(String s) {
        return ReportParameter.RELATIVE_DATES.contains(s) || parses(() -> Period.parse(s));
    }

    private static boolean parses(Runnable r) {
        try {
            r.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private void add(String code, String file, String pointer, String message) {
        problems.add(new Problem(code, file, pointer, message));
    }
}
