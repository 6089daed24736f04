package io.tradewind.runtime.flow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.flow.CreateNode;
import io.tradewind.model.flow.DeleteNode;
import io.tradewind.model.flow.QueryNode;
import io.tradewind.model.flow.UpdateNode;
import io.tradewind.runtime.error.InvalidInput;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.FieldPlan;
import io.tradewind.runtime.form.RecordEngine;
import io.tradewind.runtime.form.RecordStore;
import io.tradewind.runtime.form.query.FieldRef;
import io.tradewind.runtime.form.query.FilterCompiler;
import io.tradewind.runtime.form.query.SqlParams;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The record nodes: create, update, delete and query. Writes go through the form engine
 * (normalized, validated, formulas, history) bound to the run's transaction, as the flow (an
 * administrator of the tenant) on behalf of whoever caused the run; queries read with the tenant's
 * row-level security.
 */
@ApplicationScoped
class FlowRecords {
    @Inject
    RecordEngine records;
    @Inject
    AppRegistry registry;
    @Inject
    Assignees assignees;

    Uni<Void> create(FlowRun run, ObjectNode token, CreateNode n) {
        ObjectNode input = values(run, n.key(), n.set());
        return records.bound(run.c).create(run.system(), run.inst.app, n.form(), input).map(r -> {
            run.inst.outputs().set(n.key(), FlowRun.output(r));
            run.event(n.key(), "create", null, Instance.JSON.objectNode().put("form", n.form()).put("record",
                    r.id().toString()));
            run.go(token, n.next());
            return null;
        });
    }

    Uni<Void> update(FlowRun run, ObjectNode token, UpdateNode n) {
        ObjectNode patch = values(run, n.key(), n.set());
        Uni<ObjectNode> withOwner = Uni.createFrom().item(patch);
        if (n.assignOwner() != null) {
            withOwner = assignees.one(run, n.assignOwner(), n.key()).map(u -> {
                if (u == null) {
                    throw InvalidInput.of("/nodes/" + n.key() + "/assignOwner", "FLOW_NO_ASSIGNEE", "Nobody"
                            + " matches the owner assignment of node '" + n.key() + "'.");
                }
                patch.put("owner", u.toString());
                return patch;
            });
        }
        return withOwner.flatMap(p -> targets(run, n.key(), n.link(), n.records()).flatMap(t -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : t.ids()) {
                chain = chain.flatMap(x -> records.bound(run.c).update(run.system(), run.inst.app, t.form(),
                        id.toString(), p.deepCopy(), null).replaceWithVoid());
            }
            return chain.map(x -> t);
        })).flatMap(t -> {
            run.event(n.key(), "update", null, Instance.JSON.objectNode().put("form", t.form()).put("records",
                    t.ids().size()));
            run.go(token, n.next());
            return run.reloadRecord();
        });
    }

    Uni<Void> delete(FlowRun run, ObjectNode token, DeleteNode n) {
        return targets(run, n.key(), n.link(), n.records()).flatMap(t -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : t.ids()) {
                chain = chain.flatMap(x -> records.bound(run.c).delete(run.system(), run.inst.app, t.form(),
                        id.toString(), null));
            }
            return chain.map(x -> t);
        }).flatMap(t -> {
            run.event(n.key(), "delete", null, Instance.JSON.objectNode().put("form", t.form()).put("records",
                    t.ids().size()));
            run.go(token, n.next());
            return run.reloadRecord();
        });
    }

    Uni<Void> query(FlowRun run, ObjectNode token, QueryNode n) {
        CompiledForm form = registry.form(run.inst.tenant, run.inst.app, n.form());
        SqlParams params = new SqlParams();
        List<String> where = new ArrayList<>();
        where.add("tenant_id = " + params.add(run.inst.tenant));
        where.add("app_key = " + params.add(run.inst.app));
        where.add("form_key = " + params.add(n.form()));
        if (n.filter() != null) {
            JsonNode filter = substitute(run, n.filter());
            where.add(new FilterCompiler(form.queryFields(), params, run.now).compile(filter, "/nodes/" + n.key()
                    + "/filter"));
        }
        String spec = n.sort() == null ? "-createdAt" : n.sort();
        boolean desc = spec.startsWith("-");
        String key = desc || spec.startsWith("+") ? spec.substring(1) : spec;
        FieldRef sort = form.queryFields().get(key);
        if (sort == null) {
            throw InvalidInput.of("/nodes/" + n.key() + "/sort", "SORT_UNKNOWN_FIELD", "'" + key + "' is not a"
                    + " field of '" + n.form() + "' to sort on.");
        }
        String dir = desc ? "desc" : "asc";
        String sql = "select " + RecordStore.COLUMNS_PUBLIC + " from record where " + String.join(" and ", where)
                + " order by " + sort.sql() + " " + dir + " nulls last, id " + dir + " limit " + n.limit();
        return run.c.preparedQuery(sql).execute(Tuple.from(params.values())).map(rows -> {
            ArrayNode out = Instance.JSON.arrayNode();
            RecordStore.toRows(rows).forEach(r -> out.add(FlowRun.output(r)));
            run.inst.outputs().set(n.key(), out);
            run.event(n.key(), "query", null, Instance.JSON.objectNode().put("form", n.form()).put("found",
                    out.size()));
            run.go(token, n.next());
            return null;
        });
    }

    /**
     * The filter with {@code "$user.id"} (the submitter) and {@code "$record.<field>"} replaced by
     * values.
     */
    private static JsonNode substitute(FlowRun run, JsonNode filter) {
        JsonNode copy = filter.deepCopy();
        ObjectNode b = run.bindings();
        walk(copy, b);
        return copy;
    }

    private static void walk(JsonNode n, ObjectNode b) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode r = replaced(e.getValue(), b);
                if (r != null) {
                    e.setValue(r);
                } else {
                    walk(e.getValue(), b);
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode r = replaced(a.get(i), b);
                if (r != null) {
                    a.set(i, r);
                } else {
                    walk(a.get(i), b);
                }
            }
        }
    }

    private static JsonNode replaced(JsonNode v, ObjectNode b) {
        if (!v.isTextual()) {
            return null;
        }
        String s = v.textValue();
        if (s.equals("$user.id")) {
            return b.get("submitter");
        }
        if (s.startsWith("$record.")) {
            JsonNode x = b.get(s.substring("$record.".length()));
            return x == null ? Instance.JSON.nullNode() : x;
        }
        return null;
    }

    /** The values of a {@code set}: each expression evaluated against the flow's record. */
    private static ObjectNode values(FlowRun run, String node, Map<String, String> set) {
        ObjectNode out = Instance.JSON.objectNode();
        ObjectNode b = run.bindings();
        var env = run.env();
        for (var e : set.entrySet()) {
            out.set(e.getKey(), run.flow.eval(e.getValue(), b, env, "/nodes/" + node + "/set/" + e.getKey()));
        }
        return out;
    }

    /**
     * Which records a node changes: the flow's record, the one a link field names, or a query's
     * results.
     */
    private record Targets(String form, List<UUID> ids) {
    }

    private Uni<Targets> targets(FlowRun run, String node, String link, String query) {
        if (query != null) {
            String form = ((QueryNode) run.flow.node(query)).form();
            return Uni.createFrom().item(new Targets(form, run.outputIds(query)));
        }
        if (link != null) {
            CompiledForm own = registry.form(run.inst.tenant, run.inst.app, run.inst.form);
            FieldPlan f = own.fields().get(link);
            JsonNode v = run.record == null ? null : run.record.data().get(link);
            List<UUID> ids = v instanceof TextNode t ? List.of(UUID.fromString(t.textValue())) : List.of();
            return Uni.createFrom().item(new Targets(f.linkForm(), ids));
        }
        if (run.record == null) {
            throw InvalidInput.of("/nodes/" + node, "FLOW_NO_RECORD", "Node '" + node + "' changes the flow's"
                    + " record, which no longer exists.");
        }
        return Uni.createFrom().item(new Targets(run.inst.form, List.of(run.record.id())));
    }
}
