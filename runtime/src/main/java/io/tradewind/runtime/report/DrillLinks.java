package io.tradewind.runtime.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tradewind.model.report.DateBucket;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;

/**
 * The drill-down links of a report result: per row, the record-list filter (the dataset filter and
 * the row's dimension values, a date bucket as a range in the tenant's time zone) of the records
 * behind it, and the record list's address with that filter.
 */
final class DrillLinks {
    private DrillLinks() {
    }

    /** Per row: the record-list filter of the records behind it. */
    static List<Map<String, Object>> of(PreparedReport p, List<List<Object>> rows) {
        ReportCompiler.Compiled c = p.compiled();
        List<Map<String, Object>> out = new ArrayList<>();
        String base = "/api/apps/" + p.app() + "/forms/" + p.def().dataset().form() + "/records";
        for (List<Object> row : rows) {
            ArrayNode and = JsonNodeFactory.instance.arrayNode();
            if (c.filter() != null) {
                and.add(c.filter());
            }
            boolean drillable = c.dimensions().stream().noneMatch(ReportCompiler.DimensionSource::linked);
            for (int i = 0; drillable && i < c.dimensions().size(); i++) {
                ReportCompiler.DimensionSource d = c.dimensions().get(i);
                Object v = row.get(i);
                if (v == null) {
                    and.add(leaf(d.field(), "isNull", JsonNodeFactory.instance.booleanNode(true)));
                } else if (d.bucket() != null) {
                    LocalDate from = LocalDate.parse(v.toString());
                    LocalDate to = next(from, d.bucket());
                    and.add(leaf(d.field(), "gte", bound(d, from, p.zone())));
                    and.add(leaf(d.field(), "lt", bound(d, to, p.zone())));
                } else {
                    and.add(leaf(d.field(), "eq", io.tradewind.runtime.web.JsonBodies.mapper().valueToTree(v)));
                }
            }
            JsonNode filter = and.isEmpty()
                    ? null
                    : and.size() == 1
                            ? and.get(0)
                            : JsonNodeFactory.instance
                                    .objectNode().set("and", and);
            Map<String, Object> m = new LinkedHashMap<>();
            if (!drillable) {
                // the record list cannot filter on a linked record's field
                m.put("filter", null);
                m.put("href", null);
                out.add(m);
                continue;
            }
            m.put("filter", filter);
            m.put("href", filter == null
                    ? base
                    : base + "?filter=" + java.net.URLEncoder.encode(filter.toString(),
                            java.nio.charset.StandardCharsets.UTF_8));
            out.add(m);
        }
        return out;
    }

    private static LocalDate next(LocalDate from, DateBucket b) {
        return switch (b) {
            case DAY -> from.plusDays(1);
            case WEEK -> from.plusWeeks(1);
            case MONTH -> from.with(TemporalAdjusters.firstDayOfMonth()).plusMonths(1);
            case QUARTER -> from.plusMonths(3);
            case YEAR -> from.plus(1, ChronoUnit.YEARS);
        };
    }

    private static JsonNode bound(ReportCompiler.DimensionSource d, LocalDate day, ZoneId zone) {
        return JsonNodeFactory.instance.textNode(d.kind() == SqlKind.DATE
                ? day.toString()
                : day.atStartOfDay(zone).toOffsetDateTime().toString());
    }

    private static ObjectNode leaf(String field, String op, JsonNode value) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("field", field);
        n.put("op", op);
        n.set("value", value);
        return n;
    }
}
