package io.tradewind.runtime.report.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.AppPackage;
import io.tradewind.runtime.form.query.FieldRef;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the report projections of the installed app packages (ADR 0014) and tells the report
 * compiler which one a form has. At app sync each plan is compared with the catalog by hash; a new
 * or changed plan (re)builds its table, triggers and indexes and fills it from the record store, in
 * one transaction under an advisory lock, so replicas starting together build it once.
 */
@ApplicationScoped
public class ReportProjections {
    private static final Logger LOG = Logger.getLogger(ReportProjections.class);
    /** Filling a projection reads every record of its form: allow for large tenants. */
    private static final Duration BUILD_WAIT = Duration.ofMinutes(30);
    private static final int LOCK_CLASS = 0x7477_7270; // "twrp"

    @Inject
    Pool pool;
    /** Whether reports read projections (false: always the jsonb record store). */
    @ConfigProperty(name = "tradewind.reports.projections", defaultValue = "true")
    boolean enabled;

    private final Map<String, Projection> ready = new ConcurrentHashMap<>();

    /**
     * A projection ready to be read: its plan and the typed fields (system fields and projected
     * columns) that reports of the form may use through it.
     */
    public record Projection(ProjectionPlan plan, Map<String, FieldRef> fields) {
        public String table() {
            return plan.table();
        }

        /**
         * The column that holds a link field's target id as a uuid (null when the link is not projected).
         */
        public String linkSource(String link) {
            for (ProjectionPlan.Column c : plan.columns()) {
                if (c.field().equals(link) && c.link()) {
                    return "record." + ProjectionDdl.quote(c.name());
                }
            }
            return null;
        }

        static Projection of(ProjectionPlan plan) {
            Map<String, FieldRef> fields = new LinkedHashMap<>();
            for (FieldRef r : FieldRef.system()) {
                fields.put(r.key(), r);
            }
            for (ProjectionPlan.Column c : plan.columns()) {
                fields.put(c.field(), new FieldRef(c.field(), c.kind(), ProjectionDdl.quote(c.name()), c
                        .storage()));
            }
            return new Projection(plan, Map.copyOf(fields));
        }
    }

    /** The ready projection of a form, if reports may read one. */
    public Optional<Projection> find(String app, String form) {
        return enabled ? Optional.ofNullable(ready.get(app + "/" + form)) : Optional.empty();
    }

    /**
     * Builds or checks the projections of a package and drops those of its forms that no report reads
     * any more. Blocks: call it off the event loop.
     */
    public void ensure(AppPackage pkg) {
        String app = pkg.app().key();
        List<ProjectionPlan> plans = ProjectionPlan.of(pkg);
        List<String> keep = new ArrayList<>();
        for (ProjectionPlan plan : plans) {
            boolean built = pool.withTransaction(c -> build(c, plan)).await().atMost(BUILD_WAIT);
            if (built) {
                LOG.infof("TW-RPT-001 built report projection %s for %s/%s (%d fields, %d indexes)", plan.table(),
                        app, plan.form(), plan.columns().size(), plan.indexes().size());
            }
            ready.put(app + "/" + plan.form(), Projection.of(plan));
            keep.add(plan.table());
        }
        List<String> stale = pool.preparedQuery("select table_name from report_projection where app_key = $1")
                .execute(Tuple.of(app)).map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                }).await().atMost(BUILD_WAIT);
        for (String table : stale) {
            if (!keep.contains(table)) {
                pool.withTransaction(c -> drop(c, table)).await().atMost(BUILD_WAIT);
                LOG.infof("TW-RPT-002 dropped report projection %s of app %s: no report reads it", table, app);
            }
        }
        ready.entrySet().removeIf(e -> e.getKey().startsWith(app + "/") && !keep.contains(e.getValue().table()));
    }

    /** True when the projection was (re)built; false when the catalog already had this plan. */
    private Uni<Boolean> build(SqlConnection c, ProjectionPlan plan) {
        return c.preparedQuery("select pg_advisory_xact_lock($1, hashtext($2))").execute(Tuple.of(LOCK_CLASS, plan
                .table()))
                .flatMap(x -> c.preparedQuery("select plan_hash from report_projection where table_name = $1"
                        + " and to_regclass($1) is not null").execute(Tuple.of(plan.table())))
                .flatMap(rows -> {
                    if (rows.size() == 1 && plan.hash().equals(rows.iterator().next().getString(0))) {
                        return Uni.createFrom().item(false);
                    }
                    List<String> ddl = new ArrayList<>();
                    // "does not exist, skipping" notices of a first build are not worth a warning in the log
                    ddl.add("set local client_min_messages = warning");
                    ddl.add("drop table if exists " + plan.table());
                    ddl.addAll(ProjectionDdl.table(plan));
                    for (ProjectionPlan.Column col : plan.columns()) {
                        ddl.addAll(ProjectionDdl.column(plan, col, null));
                    }
                    ddl.addAll(ProjectionDdl.triggers(plan));
                    for (List<String> index : plan.indexes()) {
                        ddl.add(ProjectionDdl.index(plan, index));
                    }
                    ddl.addAll(ProjectionDdl.fill(plan));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String sql : ddl) {
                        chain = chain.flatMap(v -> c.query(sql).execute().replaceWithVoid());
                    }
                    return chain.flatMap(v -> c.preparedQuery("insert into report_projection (table_name, app_key,"
                            + " form_key, plan_hash, plan, updated_at) values ($1, $2, $3, $4, $5::text::jsonb, now())"
                            + " on conflict (table_name) do update set plan_hash = excluded.plan_hash,"
                            + " plan = excluded.plan, updated_at = now()").execute(Tuple.of(plan.table(), plan.app(),
                                    plan.form(), plan.hash(), describe(plan))))
                            .replaceWith(true);
                });
    }

    private static Uni<Void> drop(SqlConnection c, String table) {
        String t = ProjectionDdl.quote(table).replace("\"", "");
        return c.preparedQuery("select pg_advisory_xact_lock($1, hashtext($2))").execute(Tuple.of(LOCK_CLASS, t))
                .flatMap(x -> c.query("drop function if exists " + t + "_sync() cascade").execute())
                .flatMap(x -> c.query("drop table if exists " + t).execute())
                .flatMap(x -> c.preparedQuery("delete from report_projection where table_name = $1").execute(Tuple
                        .of(t)))
                .replaceWithVoid();
    }

    private static String describe(ProjectionPlan plan) {
        var json = io.tradewind.runtime.web.JsonBodies.mapper().createObjectNode();
        var cols = json.putObject("columns");
        plan.columns().forEach(c -> cols.put(c.name(), c.sqlType()));
        var idx = json.putArray("indexes");
        plan.indexes().forEach(i -> idx.add(String.join(",", i)));
        return json.toString();
    }
}
