package io.tradewind.runtime.form;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.tenant.TenantDb;
import io.tradewind.runtime.web.JsonBodies;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL for records. Each write is ONE statement (data-modifying CTEs), so the record, its links and
 * its history row commit or roll back together, in one round trip.
 *
 * <p>
 * A record addressed by id is found through the primary key {@code (tenant_id, id)} alone; its app,
 * form, version and row scope are checked on that row inside {@code (…) is true}. Written as plain
 * conjuncts, the planner may match them against {@code record_owner_idx} or
 * {@code record_form_created_idx} (which end in {@code id}) and walk every record of the form, or
 * of the owner, for one row: it does so for generic plans on a table without statistics (a new
 * install, a form just filled by an import), which cost the flow benchmark three quarters of its
 * speed (ADR 0020). Every by-id statement on {@code record} keeps to this shape.
 */
@ApplicationScoped
public class RecordStore {
    /** The selected columns, in the order {@link #toRow} reads them. */
    public static final String COLUMNS_PUBLIC = "id, version, data::text, owner, created_at, created_by, updated_at,"
            + " updated_by";
    static final String COLUMNS = COLUMNS_PUBLIC;
    /** The columns a write returns: the data it wrote is already in memory, so it is not read back. */
    private static final String WRITTEN = "id, version, owner, created_at, created_by, updated_at, updated_by";

    private static final String INSERT = """
            with r as (
              insert into record (tenant_id, app_key, form_key, id, version, data, owner, created_at, created_by,
                                  updated_at, updated_by)
              values ($1, $2, $3, $4, 1, $5::text::jsonb, $12, $7, $6, $7, $6)
              returning id),
            refs as (
              insert into record_ref (tenant_id, source_id, field, target_app, target_form, target_id)
              select $1, $4, x.f, x.a, x.fm, x.t from unnest($8::text[], $9::text[], $10::text[], $11::uuid[])
                as x(f, a, fm, t)),
            h as (
              insert into record_history (tenant_id, record_id, app_key, form_key, version, action, before, after, actor, at)
              values ($1, $4, $2, $3, 1, 'create', null, $5::text::jsonb, $6, $7))
            select id from r""";

    private static final String UPDATE = """
            with u as (
              update record set data = $5::text::jsonb, version = version + 1, updated_at = $6, updated_by = $7,
                owner = case when $14 = '00000000-0000-0000-0000-000000000000'::uuid then null else coalesce($14, owner) end
              where tenant_id = $1 and id = $2 and (app_key = $3 and form_key = $4 and version = $8) is true
              returning %s),
            del as (
              delete from record_ref rr where rr.tenant_id = $1 and rr.source_id = $2 and exists (select 1 from u)
                and (rr.field, rr.target_id) not in (select * from unnest($9::text[], $12::uuid[]))),
            ins as (
              insert into record_ref (tenant_id, source_id, field, target_app, target_form, target_id)
              select $1, $2, x.f, x.a, x.fm, x.t from unnest($9::text[], $10::text[], $11::text[], $12::uuid[])
                as x(f, a, fm, t) where exists (select 1 from u)
              on conflict do nothing),
            h as (
              insert into record_history (tenant_id, record_id, app_key, form_key, version, action, before, after, actor, at)
              select $1, $2, $3, $4, u.version, 'update', $13::text::jsonb, $5::text::jsonb, $7, $6 from u)
            select * from u"""
            .formatted(WRITTEN);

    private static final String DELETE = """
            with d as (
              delete from record where tenant_id = $1 and id = $2 and (app_key = $3 and form_key = $4
                and ($5::int is null or version = $5) and %s) is true
              returning id, version, data),
            h as (
              insert into record_history (tenant_id, record_id, app_key, form_key, version, action, before, after, actor, at)
              select $1, d.id, $3, $4, d.version + 1, 'delete', d.data, null, $6, $7 from d)
            select id, version from d""";

    /**
     * Adds a row-scope condition to a query whose first parameters are already taken; null = no
     * condition.
     */
    @FunctionalInterface
    public interface Scope {
        /** Every row. */
        Scope ALL = params -> null;

        String condition(io.tradewind.runtime.form.query.SqlParams params);
    }

    @Inject
    TenantDb db;
    @Inject
    jakarta.enterprise.event.Event<RecordsChanged> changed;
    /**
     * The transaction this view is bound to ({@link #bound}), null for one transaction per statement.
     */
    private io.vertx.mutiny.sqlclient.SqlConnection tx;

    /**
     * A view of the store whose statements run on {@code c}, inside the caller's transaction (already
     * scoped to the tenant), instead of each in its own: what a flow step writes commits with the step.
     */
    public RecordStore bound(io.vertx.mutiny.sqlclient.SqlConnection c) {
        RecordStore view = new RecordStore();
        view.db = db;
        view.changed = changed;
        view.tx = c;
        return view;
    }

    /** The connection this view is bound to, or null. */
    public io.vertx.mutiny.sqlclient.SqlConnection connection() {
        return tx;
    }

    private <T> Uni<T> single(String tenant,
            java.util.function.Function<io.vertx.mutiny.sqlclient.SqlConnection, Uni<T>> statement) {
        return tx != null ? statement.apply(tx) : db.single(tenant, statement);
    }

    public Uni<RecordRow> insert(String tenant, String app, String form, UUID id, ObjectNode data, UUID actor,
            UUID owner, Instant now, List<LinkRef> links) {
        Object[] refs = refArrays(links);
        OffsetDateTime at = utc(now);
        return single(tenant, c -> c.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[]{tenant, app, form, id, json(data), actor, at, refs[0], refs[1],
                        refs[2], refs[3], owner})))
                .onTermination().invoke(() -> changed.fire(new RecordsChanged(tenant, app, form)))
                .map(rows -> new RecordRow(id, 1, data, owner, at, actor, at, actor));
    }

    /**
     * Writes a new version if the record is still at {@code expectedVersion}; null when it is not (or
     * is gone).
     */
    public Uni<RecordRow> update(String tenant, String app, String form, UUID id, int expectedVersion,
            ObjectNode before, ObjectNode data, UUID actor, UUID newOwner, Instant now, List<LinkRef> links) {
        Object[] refs = refArrays(links);
        return single(tenant, c -> c.preparedQuery(UPDATE)
                .execute(Tuple.from(new Object[]{tenant, id, app, form, json(data), utc(now), actor, expectedVersion,
                        refs[0], refs[1], refs[2], refs[3], json(before), newOwner})))
                .onTermination().invoke(() -> changed.fire(new RecordsChanged(tenant, app, form)))
                .map(rows -> rows.size() == 0 ? null : written(rows.iterator().next(), data));
    }

    /**
     * Deletes the record (at {@code expectedVersion} when given); false when there was nothing to
     * delete.
     */
    public Uni<Boolean> delete(String tenant, String app, String form, UUID id, Integer expectedVersion, UUID actor,
            Instant now, Scope scope) {
        var params = new io.tradewind.runtime.form.query.SqlParams();
        for (Object o : new Object[]{tenant, id, app, form, expectedVersion, actor, utc(now)}) {
            params.add(o);
        }
        String condition = scope.condition(params);
        String sql = DELETE.formatted(condition == null ? "true" : condition);
        return single(tenant, c -> c.preparedQuery(sql).execute(Tuple.from(params.values())))
                .onTermination().invoke(() -> changed.fire(new RecordsChanged(tenant, app, form)))
                .map(rows -> rows.size() > 0);
    }

    public Uni<RecordRow> find(String tenant, String app, String form, UUID id) {
        return find(tenant, app, form, id, Scope.ALL);
    }

    /** The record if it exists and lies within {@code scope}; else null. */
    public Uni<RecordRow> find(String tenant, String app, String form, UUID id, Scope scope) {
        var params = new io.tradewind.runtime.form.query.SqlParams();
        for (Object o : new Object[]{tenant, id, app, form}) {
            params.add(o);
        }
        String sql = findSql(scope.condition(params));
        return single(tenant, c -> c.preparedQuery(sql).execute(Tuple.from(params.values())))
                .map(rows -> rows.size() == 0 ? null : toRow(rows.iterator().next()));
    }

    /**
     * One record by tenant ($1), id ($2), app ($3) and form ($4), within a row-scope condition (null
     * for all rows); found through the primary key (see the class comment).
     */
    public static String findSql(String condition) {
        return "select " + COLUMNS + " from record where tenant_id = $1 and id = $2 and (app_key = $3 and form_key = $4"
                + (condition == null ? "" : " and " + condition) + ") is true";
    }

    /** Runs a list query built by {@link io.tradewind.runtime.form.query.RecordQuery}. */
    public Uni<List<RecordRow>> list(String tenant, String sql, List<Object> params) {
        return single(tenant, c -> c.preparedQuery(sql).execute(Tuple.from(params))).map(RecordStore::toRows);
    }

    /** True when the user exists in the tenant and is not disabled (a valid new owner). */
    public Uni<Boolean> activeUser(String tenant, UUID user) {
        return single(tenant, c -> c.preparedQuery("select 1 from app_user where tenant_id = $1 and id = $2"
                + " and not disabled").execute(Tuple.of(tenant, user))).map(rows -> rows.size() == 1);
    }

    /** The history of a record, oldest first. */
    public Uni<RowSet<Row>> history(String tenant, String app, String form, UUID id) {
        return single(tenant, c -> c.preparedQuery("select version, action, before::text, after::text, actor, at"
                + " from record_history where tenant_id = $1 and record_id = $2 and app_key = $3 and form_key = $4"
                + " order by seq").execute(Tuple.of(tenant, id, app, form)));
    }

    /**
     * Which of the given link targets exist (same tenant, app and form); used to explain a refused
     * link.
     */
    public Uni<List<String>> existingTargets(String tenant, List<LinkRef> links) {
        Object[] refs = refArrays(links);
        return single(tenant, c -> c.preparedQuery(
                "select r.app_key || '/' || r.form_key || '/' || r.id from record r join unnest($2::text[], $3::text[], $4::uuid[])"
                        + " as x(a, f, t) on r.app_key = x.a and r.form_key = x.f and r.id = x.t where r.tenant_id = $1")
                .execute(Tuple.of(tenant, refs[1], refs[2], refs[3])))
                .map(rows -> {
                    List<String> ids = new java.util.ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    /** Records that link to the given record (up to 5), to explain why it cannot be deleted. */
    public Uni<RowSet<Row>> referrers(String tenant, UUID target) {
        return single(tenant, c -> c.preparedQuery("select r.app_key, r.form_key, r.id, rr.field from record_ref rr"
                + " join record r on r.tenant_id = rr.tenant_id and r.id = rr.source_id where rr.tenant_id = $1"
                + " and rr.target_id = $2 limit 5").execute(Tuple.of(tenant, target)));
    }

    private static Object[] refArrays(List<LinkRef> links) {
        int n = links.size();
        String[] f = new String[n];
        String[] a = new String[n];
        String[] fm = new String[n];
        UUID[] t = new UUID[n];
        for (int i = 0; i < n; i++) {
            LinkRef l = links.get(i);
            f[i] = l.field();
            a[i] = l.targetApp();
            fm[i] = l.targetForm();
            t[i] = l.targetId();
        }
        return new Object[]{f, a, fm, t};
    }

    public static List<RecordRow> toRows(RowSet<Row> rows) {
        List<RecordRow> out = new java.util.ArrayList<>(rows.size());
        rows.forEach(r -> out.add(toRow(r)));
        return out;
    }

    static RecordRow toRow(Row r) {
        return new RecordRow(r.getUUID(0), r.getInteger(1), parse(r.getString(2)), r.getUUID(3),
                r.getOffsetDateTime(4), r.getUUID(5), r.getOffsetDateTime(6), r.getUUID(7));
    }

    private static RecordRow written(Row r, ObjectNode data) {
        return new RecordRow(r.getUUID(0), r.getInteger(1), data, r.getUUID(2), r.getOffsetDateTime(3),
                r.getUUID(4), r.getOffsetDateTime(5), r.getUUID(6));
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JsonBodies.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("TW-REC-001 stored record data is not JSON", e);
        }
    }

    static String json(ObjectNode node) {
        if (node == null) {
            return null;
        }
        try {
            return JsonBodies.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An instant as PostgreSQL stores it (microseconds), so what a write returns equals what a read
     * returns.
     */
    static OffsetDateTime utc(Instant i) {
        return i.truncatedTo(java.time.temporal.ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
