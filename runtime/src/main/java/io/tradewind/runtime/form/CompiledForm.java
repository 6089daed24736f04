package io.tradewind.runtime.form;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.runtime.form.field.IdCodec;
import io.tradewind.runtime.form.query.FieldRef;
import io.tradewind.runtime.form.query.RecordQuery;

/**
 * A published form made ready to run: field plans, the formula program, the rules, the query
 * allow-list and the database objects (unique indexes, autonumber sequences) that back it. Built
 * once per published version.
 */
public record CompiledForm(String app, String key, int version, JsonNode definition, Map<String, FieldPlan> fields,
        FormulaRunner formulas, RuleRunner rules, Map<String, FieldRef> queryFields, List<String> searchFields,
        List<Autonumber> autonumbers, Map<String, String> uniqueIndexes,
        io.tradewind.runtime.form.access.FormAccess access) {

    /** An autonumber field and its pattern. */
    public record Autonumber(String field, java.util.function.Function<LocalDate, String> periodKey,
            java.util.function.BiFunction<LocalDate, Long, String> format) {
    }

    /** Computes formula fields in place, top level and subtable rows. */
    public interface FormulaRunner {
        void compute(ObjectNode data, EvalEnv env);
    }

    /** Checks the form's cross-field rules; returns the violations. */
    public interface RuleRunner {
        List<io.tradewind.runtime.error.TradewindException.Violation> check(ObjectNode data, EvalEnv env);
    }

    /** What expressions see besides the record: the time and, on update, which fields changed. */
    public record EvalEnv(java.time.Instant now, java.time.ZoneId zone, java.util.Set<String> changed,
            String language) {
    }

    public RecordQuery query() {
        return new RecordQuery(queryFields, searchFields);
    }

    /** The links a record's data holds, with the pointer of each (e.g. {@code /lines/2/product}). */
    public List<LinkRef> links(ObjectNode data) {
        List<LinkRef> out = new ArrayList<>();
        for (FieldPlan f : fields.values()) {
            JsonNode v = data.get(f.key());
            if (v == null) {
                continue;
            }
            if (f.role() == FieldPlan.Role.LINK) {
                out.add(new LinkRef("/" + f.key(), f.linkApp(), f.linkForm(), IdCodec.parse(v.asText())));
            } else if (f.role() == FieldPlan.Role.SUBTABLE && v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    for (FieldPlan r : f.rows()) {
                        JsonNode rv = v.get(i).get(r.key());
                        if (r.role() == FieldPlan.Role.LINK && rv != null) {
                            out.add(new LinkRef("/" + f.key() + "/" + i + "/" + r.key(), r.linkApp(), r.linkForm(),
                                    IdCodec.parse(rv.asText())));
                        }
                    }
                }
            }
        }
        return out;
    }
}
