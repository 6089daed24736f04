package io.tradewind.runtime.form.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.form.RecordRow;
import io.tradewind.runtime.form.field.FieldCodec.SqlKind;
import io.tradewind.runtime.web.JsonBodies;

/**
 * Builds the SQL of one page of a record list: tenant and form scope, filter, {@code q} text
 * search, a single sort key with the id as tie-breaker, and keyset pagination with an opaque cursor
 * (no OFFSET, so deep pages stay fast).
 */
public final class RecordQuery {
    private final Map<String, FieldRef> fields;
    private final List<String> searchFields;

    public RecordQuery(Map<String, FieldRef> fields, List<String> searchFields) {
        this.fields = fields;
        this.searchFields = searchFields;
    }

    /** A compiled page query. */
    public record Page(String sql, List<Object> params, int limit, FieldRef sort, boolean descending) {
        /** The cursor that continues after the last row of a full page. */
        public String cursorAfter(RecordRow last) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            a.add(sortValue(last));
            a.add(last.id().toString());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(a.toString().getBytes(
                    StandardCharsets.UTF_8));
        }

        private JsonNode sortValue(RecordRow r) {
            return switch (sort.key()) {
                case "id" -> JsonNodeFactory.instance.textNode(r.id().toString());
                case "version" -> JsonNodeFactory.instance.numberNode(r.version());
                case "createdAt" -> JsonNodeFactory.instance.textNode(r.createdAt().toString());
                case "updatedAt" -> JsonNodeFactory.instance.textNode(r.updatedAt().toString());
                case "createdBy" -> text(r.createdBy());
                case "updatedBy" -> text(r.updatedBy());
                case "owner" -> text(r.owner());
                default -> {
                    JsonNode v = r.data().get(sort.key());
                    if (v != null && sort.kind() == SqlKind.MONEY) {
                        v = v.get("amount");
                    }
                    yield v == null ? JsonNodeFactory.instance.nullNode() : v;
                }
            };
        }

        private static JsonNode text(UUID id) {
            return id == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(id.toString());
        }
    }

    /**
     * The page query for a caller: {@code readable} says which fields they may see (the others cannot
     * be filtered, sorted or searched on), {@code scope} adds their row scope.
     */
    public Page page(String tenant, String app, String form, ListRequest req, Instant now,
            java.util.function.Predicate<String> readable, java.util.function.Function<SqlParams, String> scope) {
        Map<String, FieldRef> visible = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (readable.test(k)) {
                visible.put(k, v);
            }
        });
        SqlParams params = new SqlParams();
        List<String> where = new ArrayList<>();
        where.add("tenant_id = " + params.add(tenant));
        where.add("app_key = " + params.add(app));
        where.add("form_key = " + params.add(form));
        String rows = scope.apply(params);
        if (rows != null) {
            where.add(rows);
        }
        if (req.filter() != null && !req.filter().isBlank()) {
            JsonNode filter = parseParam(req.filter(), "filter");
            where.add(new FilterCompiler(visible, params, now).compile(filter, "/filter"));
        }
        if (req.q() != null && !req.q().isBlank()) {
            where.add(search(req.q().strip(), params, readable));
        }
        String sortSpec = req.sort() == null || req.sort().isBlank() ? "-createdAt" : req.sort().strip();
        boolean desc = sortSpec.startsWith("-");
        String sortKey = desc || sortSpec.startsWith("+") ? sortSpec.substring(1) : sortSpec;
        FieldRef sort = visible.get(sortKey);
        if (sort == null || sort.kind() == SqlKind.ARRAY || sort.kind() == SqlKind.OBJECT) {
            throw InvalidInput.of("/sort", "SORT_UNKNOWN_FIELD", "'" + sortKey + "' is not a field you can sort"
                    + " on; use a field key, optionally prefixed with '-' for descending order.");
        }
        if (req.cursor() != null && !req.cursor().isBlank()) {
            where.add(keyset(sort, desc, req.cursor(), params));
        }
        int limit = limit(req.limit());
        String dir = desc ? "desc" : "asc";
        String sql = "select " + io.tradewind.runtime.form.RecordStore.COLUMNS_PUBLIC + " from record where "
                + String.join(" and ", where) + " order by " + sort.sql() + " " + dir
                + (sort.notNull() ? "" : " nulls last") + ", id " + dir
                + " limit " + (limit + 1);
        return new Page(sql, params.values(), limit, sort, desc);
    }

    private String search(String q, SqlParams params, java.util.function.Predicate<String> readable) {
        if (q.length() > 200) {
            throw InvalidInput.of("/q", "SEARCH_TOO_LONG", "Search text is limited to 200 characters.");
        }
        List<String> searched = searchFields.stream().filter(readable).toList();
        if (searched.isEmpty()) {
            throw InvalidInput.of("/q", "SEARCH_NOT_AVAILABLE", "This form has no searchable fields.");
        }
        String p = params.add("%" + FilterCompiler.escapeLike(q) + "%");
        List<String> ors = new ArrayList<>();
        for (String f : searched) {
            ors.add(fields.get(f).sql() + " ilike " + p + " escape '\\'");
        }
        return "(" + String.join(" or ", ors) + ")";
    }

    private static String keyset(FieldRef sort, boolean desc, String cursor, SqlParams params) {
        JsonNode c;
        try {
            c = JsonBodies.mapper().readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (Exception e) {
            c = null;
        }
        if (c == null || !c.isArray() || c.size() != 2 || !c.get(1).isTextual()
                || io.tradewind.runtime.form.field.IdCodec.parse(c.get(1).textValue()) == null) {
            throw InvalidInput.of("/cursor", "CURSOR_INVALID", "The cursor is not valid; use the nextCursor of the"
                    + " previous page with the same filter and sort.");
        }
        String id = params.add(UUID.fromString(c.get(1).textValue()));
        String cmp = desc ? "<" : ">";
        JsonNode v = c.get(0);
        if (v.isNull()) {
            return "(" + sort.sql() + " is null and id " + cmp + " " + id + ")";
        }
        String value = params.add(sortParam(sort, v));
        return "(" + sort.sql() + " " + cmp + " " + value + " or (" + sort.sql() + " = " + value + " and id " + cmp
                + " " + id + ")" + (sort.notNull() ? "" : " or " + sort.sql() + " is null") + ")";
    }

    private static Object sortParam(FieldRef sort, JsonNode v) {
        try {
            if (sort.isColumn() && sort.kind() == SqlKind.DATETIME) {
                return OffsetDateTime.parse(v.asText());
            }
            return switch (sort.kind()) {
                case NUMBER, MONEY -> sort.isColumn() ? (Object) v.intValue() : v.decimalValue();
                case BOOLEAN -> v.booleanValue();
                default -> v.asText();
            };
        } catch (RuntimeException e) {
            throw InvalidInput.of("/cursor", "CURSOR_INVALID", "The cursor is not valid.");
        }
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return ListRequest.DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Math.min(n, ListRequest.MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw InvalidInput.of("/limit", "LIMIT_INVALID", "'limit' is a whole number from 1 to "
                    + ListRequest.MAX_LIMIT + ".");
        }
    }

    private static JsonNode parseParam(String raw, String name) {
        if (raw.length() > 20_000) {
            throw InvalidInput.of("/" + name, "FILTER_TOO_COMPLEX", "The filter is too long.");
        }
        try {
            return JsonBodies.mapper().readTree(raw);
        } catch (Exception e) {
            throw InvalidInput.of("/" + name, "FILTER_MALFORMED", "The " + name + " parameter must be JSON, e.g."
                    + " {\"field\": \"country\", \"op\": \"eq\", \"value\": \"DE\"}.");
        }
    }
}
