package io.tradewind.runtime.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.form.RowScope;
import io.tradewind.model.report.Dataset;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.runtime.error.AccessDenied;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.error.TradewindException.Violation;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.FieldPlan;
import io.tradewind.runtime.form.access.Grant;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;
import io.tradewind.runtime.form.query.FieldRef;
import io.tradewind.runtime.form.query.ScopeCompiler;
import io.tradewind.runtime.form.query.SqlParams;
import io.tradewind.runtime.report.projection.ReportProjections;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * Resolves the field names of a report to SQL for one caller: the dataset form's fields (the typed
 * projection's when the statement reads one), the rows of a subtable dataset with
 * {@code parent.<field>}, and fields of linked records ({@code customer.country}) through
 * correlated subqueries under the linked form's grant. Refuses fields the caller may not see (403
 * {@code REPORT_FIELD_HIDDEN}) and notes the forms the statement reads, for the result cache.
 */
final class FieldResolver {
    /** The alias of a subtable row; its name contains "data" so that FieldRef treats it as jsonb. */
    private static final String ROW = "row_data";
    private static final String SAFE_KEY = "[a-zA-Z][a-zA-Z0-9_]{0,62}";

    private final ReportDefinition def;
    private final CompiledForm form;
    private final Grant grant;
    private final TradewindPrincipal user;
    private final Instant now;
    private final SqlParams params;
    private final BiFunction<String, String, CompiledForm> forms;
    private final ReportProjections.Projection projection;
    /** The fields the report may name: the projection's typed ones, else the form's. */
    private final Map<String, FieldRef> fields;
    private final Map<String, FieldRef> visible = new LinkedHashMap<>();
    /** For a dataset over subtable rows: the row's fields and {@code parent.<field>}; else null. */
    private Map<String, FieldRef> rowFields;
    private final Set<ReportCompiler.Source> reads = new LinkedHashSet<>();
    private boolean readsOrg;

    /**
     * @param projection
     *            the projection the statement reads, or null for the record store
     * @param forms
     *            finds a published form by app and key (null when there is none)
     */
    FieldResolver(ReportDefinition def, CompiledForm form, Grant grant, TradewindPrincipal user, Instant now,
            SqlParams params, BiFunction<String, String, CompiledForm> forms,
            ReportProjections.Projection projection) {
        this.def = def;
        this.form = form;
        this.grant = grant;
        this.user = user;
        this.now = now;
        this.params = params;
        this.forms = forms;
        this.projection = projection;
        this.fields = projection != null ? projection.fields() : form.queryFields();
        fields.forEach((k, v) -> {
            if (readable(k)) {
                visible.put(k, v);
            }
        });
    }

    /** Every field of the dataset form the statement reads, readable or not (for row scopes). */
    Map<String, FieldRef> fields() {
        return fields;
    }

    /** The dataset form's fields the caller may read (for the dataset filter). */
    Map<String, FieldRef> visible() {
        return visible;
    }

    /**
     * The fields a measure filter sees: a subtable row's with {@code parent.*}, else the visible ones.
     */
    Map<String, FieldRef> measureFields() {
        return rowFields != null ? rowFields : visible;
    }

    /** True for a dataset over the rows of a subtable. */
    boolean overRows() {
        return rowFields != null;
    }

    /** The field a filter condition names, for parameter substitution, or null. */
    FieldRef named(String name) {
        return rowFields != null && rowFields.containsKey(name) ? rowFields.get(name) : fields.get(name);
    }

    /** The forms whose records the statement reads. */
    Set<ReportCompiler.Source> reads() {
        return Set.copyOf(reads);
    }

    /** Whether a row scope resolves departments, so that the result depends on the organisation. */
    boolean readsOrg() {
        return readsOrg;
    }

    /** Notes that the statement reads the records of a form, under {@code grant}'s row scope. */
    void read(String app, String key, Grant g) {
        reads.add(new ReportCompiler.Source(app, key));
        List<RowScope> scopes = g.rows(PermissionAction.READ);
        readsOrg |= scopes != null && scopes.stream().anyMatch(s -> s instanceof RowScope.Department
                || s instanceof RowScope.DepartmentTree);
    }

    /**
     * Switches to a dataset over the rows of a subtable: the FROM clause that expands them, and the row
     * fields (plus {@code parent.<field>}) that dimensions, measures and measure filters see.
     */
    String rows(String key) {
        FieldPlan plan = form.fields().get(key);
        if (plan == null || plan.role() != FieldPlan.Role.SUBTABLE || !key.matches(SAFE_KEY)) {
            throw InvalidInput.of("/dataset/rows", "REPORT_UNKNOWN_FIELD", "The form '" + form.key()
                    + "' has no subtable '" + key + "'.");
        }
        if (!grant.canRead(key)) {
            throw hidden(key, "/dataset/rows");
        }
        rowFields = new LinkedHashMap<>();
        for (FieldPlan r : plan.rows()) {
            if (r.key().matches(SAFE_KEY)) {
                SqlKind kind = r.codec() == null ? SqlKind.TEXT : r.codec().kind();
                rowFields.put(r.key(), new FieldRef(r.key(), kind, rowSql(r.key(), kind)));
            }
        }
        visible.forEach((k, v) -> rowFields.put(Dataset.PARENT_PREFIX + k, new FieldRef(Dataset.PARENT_PREFIX + k, v
                .kind(), v.sql())));
        return "record cross join lateral jsonb_array_elements(case when jsonb_typeof(data->'" + key
                + "') = 'array' then data->'" + key + "' else '[]'::jsonb end) as " + ROW + "(v)";
    }

    private static String rowSql(String key, SqlKind kind) {
        String v = ROW + ".v";
        return switch (kind) {
            case NUMBER -> "(" + v + "->>'" + key + "')::numeric";
            case BOOLEAN -> "(" + v + "->>'" + key + "')::boolean";
            case MONEY -> "(" + v + "->'" + key + "'->>'amount')::numeric";
            case ARRAY, OBJECT -> "(" + v + "->'" + key + "')";
            default -> "(" + v + "->>'" + key + "')";
        };
    }

    /** The field a dimension or measure names. */
    FieldRef field(String key, String pointer) {
        if (rowFields != null && key != null) {
            String parent = Dataset.PARENT_PREFIX;
            if (key.startsWith(parent)) {
                return topField(key.substring(parent.length()), pointer);
            }
            if (key.indexOf('.') > 0) {
                String link = key.substring(0, key.indexOf('.'));
                FieldPlan plan = form.fields().get(def.dataset().rows()).rows().stream().filter(r -> r.key().equals(
                        link)).findFirst().orElse(null);
                return linked(key, pointer, plan, "(" + ROW + ".v->>'" + link + "')");
            }
            FieldRef f = rowFields.get(key);
            if (f == null) {
                throw InvalidInput.of(pointer, "REPORT_UNKNOWN_FIELD", "The subtable '" + def.dataset().rows()
                        + "' has no field '" + key + "'.");
            }
            return f;
        }
        return topField(key, pointer);
    }

    private FieldRef topField(String key, String pointer) {
        if (key != null && key.indexOf('.') > 0) {
            String link = key.substring(0, key.indexOf('.'));
            if (form.fields().containsKey(link) && !grant.canRead(link)) {
                throw hidden(link, pointer);
            }
            String source = projection != null
                    ? projection.linkSource(link)
                    : "(record.data->>'" + link + "')";
            return linked(key, pointer, form.fields().get(link), source);
        }
        FieldRef f = key == null ? null : fields.get(key);
        if (f == null) {
            throw InvalidInput.of(pointer, "REPORT_UNKNOWN_FIELD", "The form '" + form.key() + "' has no field '"
                    + key + "'.");
        }
        if (!readable(key)) {
            throw hidden(key, pointer);
        }
        return f;
    }

    /**
     * A field of the record a link field points to, read by a correlated subquery that applies the
     * linked form's grant: READ, its row scope (a linked record out of scope reads as null) and field
     * access.
     */
    private FieldRef linked(String path, String pointer, FieldPlan plan, String source) {
        String link = path.substring(0, path.indexOf('.'));
        String target = path.substring(path.indexOf('.') + 1);
        if (plan == null || plan.role() != FieldPlan.Role.LINK || target.contains(".") || !link.matches(SAFE_KEY)) {
            throw InvalidInput.of(pointer, "REPORT_UNKNOWN_FIELD", "'" + path + "' is not a field of the form '"
                    + form.key() + "' or of a record it links to.");
        }
        String app = plan.linkApp() == null ? form.app() : plan.linkApp();
        CompiledForm other = forms.apply(app, plan.linkForm());
        FieldRef f = other == null ? null : other.queryFields().get(target);
        if (f == null) {
            throw InvalidInput.of(pointer, "REPORT_UNKNOWN_FIELD", "The linked form has no field '" + target
                    + "'.");
        }
        Grant theirs = other.access().grant(user);
        if (!theirs.allows(PermissionAction.READ)) {
            throw new AccessDenied("ACTION_NOT_ALLOWED", "The report reads records of the form '" + other.key()
                    + "', which you may not read.",
                    List.of(new Violation(pointer, "ACTION_NOT_ALLOWED",
                            "You may not read the linked records.")));
        }
        if (other.fields().containsKey(target) && !theirs.canRead(target)) {
            throw hidden(path, pointer);
        }
        List<String> checks = new ArrayList<>(List.of("j.app_key = " + params.add(app), "j.form_key = " + params.add(
                other.key())));
        String scope = ScopeCompiler.compile(theirs.rows(PermissionAction.READ), user, other.queryFields(), params,
                now);
        if (scope != null) {
            checks.add(scope);
        }
        read(app, other.key(), theirs);
        // inside the subquery the unqualified columns are the linked record's (the alias j hides the outer name);
        // found by its primary key, the rest checked on that row (see RecordStore)
        String sql = "(select " + f.sql() + " from record j where j.tenant_id = record.tenant_id and j.id = " + source
                + "::uuid and (" + String.join(" and ", checks) + ") is true)";
        return new FieldRef(path, f.kind(), sql);
    }

    /** Refuses a filter that names a field the caller cannot read. */
    void hiddenFields(JsonNode n, String p) {
        if (n.isObject()) {
            JsonNode f = n.get("field");
            String name = f != null && f.isTextual() ? f.textValue() : null;
            if (name != null && rowFields != null && name.startsWith(Dataset.PARENT_PREFIX)) {
                name = name.substring(Dataset.PARENT_PREFIX.length());
            }
            if (name != null && form.fields().containsKey(name) && !readable(name)) {
                throw hidden(name, p + "/field");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                var e = it.next();
                hiddenFields(e.getValue(), p + "/" + e.getKey());
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                hiddenFields(n.get(i), p + "/" + i);
            }
        }
    }

    private boolean readable(String key) {
        return !form.fields().containsKey(key) || grant.canRead(key);
    }

    private static AccessDenied hidden(String key, String pointer) {
        return new AccessDenied("REPORT_FIELD_HIDDEN", "The report uses the field '" + key
                + "', which you may not see.",
                List.of(new Violation(pointer, "REPORT_FIELD_HIDDEN",
                        "You may not see this field.")));
    }
}
