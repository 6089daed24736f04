package io.tradewind.runtime.report.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.tradewind.runtime.support.Hashes;

/**
 * The statements that create or bring up to date a projection's table, its row-level security, the
 * triggers on {@code record} that keep it, its indexes, and that fill it from the record store.
 * Names and keys come from validated definitions (safe identifiers), never from requests.
 */
final class ProjectionDdl {
    private static final String SYSTEM_COLUMNS = "tenant_id, id, version, owner, created_at, created_by,"
            + " updated_at, updated_by";

    private ProjectionDdl() {
    }

    /** The table with the system columns, its row-level security and its grants. */
    static List<String> table(ProjectionPlan p) {
        String t = p.table();
        return List.of("create table if not exists " + t + " (tenant_id text not null, id uuid not null,"
                + " version integer not null, owner uuid, created_at timestamptz not null, created_by uuid,"
                + " updated_at timestamptz not null, updated_by uuid, primary key (tenant_id, id))",
                "comment on table " + t + " is " + literal("report projection of " + p.app() + "/" + p.form()),
                "alter table " + t + " enable row level security",
                "drop policy if exists tenant_isolation on " + t,
                "create policy tenant_isolation on " + t + " using (tenant_id = current_setting('tradewind.tenant',"
                        + " true)) with check (tenant_id = current_setting('tradewind.tenant', true))",
                // the triggers run as the writer of the record, i.e. the tenant role
                "grant select, insert, update, delete on " + t + " to tradewind_tenant");
    }

    /** Adds a missing column; a column of another type is dropped first (it is refilled). */
    static List<String> column(ProjectionPlan p, ProjectionPlan.Column c, String existingType) {
        List<String> out = new ArrayList<>();
        if (existingType != null) {
            out.add("alter table " + p.table() + " drop column " + quote(c.name()));
        }
        out.add("alter table " + p.table() + " add column " + quote(c.name()) + " " + c.sqlType());
        return out;
    }

    static String dropColumn(ProjectionPlan p, String name) {
        return "alter table " + p.table() + " drop column " + quote(name);
    }

    /** The trigger function and the two triggers (insert/update, delete) on record for this form. */
    static List<String> triggers(ProjectionPlan p) {
        String t = p.table();
        String names = columnList(p);
        String values = p.columns().stream().map(c -> c.extract("new")).collect(Collectors.joining(", "));
        String set = setList(p);
        String fn = "create or replace function " + t + "_sync() returns trigger language plpgsql as $fn$\n"
                + "begin\n"
                + "  if tg_op = 'DELETE' then\n"
                + "    delete from " + t + " where tenant_id = old.tenant_id and id = old.id;\n"
                + "    return null;\n"
                + "  end if;\n"
                + "  insert into " + t + " (" + names + ") values (new.tenant_id, new.id, new.version, new.owner,"
                + " new.created_at, new.created_by, new.updated_at, new.updated_by"
                + (values.isEmpty() ? "" : ", " + values) + ")\n"
                + "    on conflict (tenant_id, id) do update set " + set + ";\n"
                + "  return null;\n"
                + "end $fn$";
        String when = "app_key = " + literal(p.app()) + " and %s.form_key = " + literal(p.form());
        return List.of(fn,
                "drop trigger if exists " + t + "_w on record",
                "create trigger " + t + "_w after insert or update on record for each row when (new."
                        + when.formatted("new") + ") execute function " + t + "_sync()",
                "drop trigger if exists " + t + "_d on record",
                "create trigger " + t + "_d after delete on record for each row when (old."
                        + when.formatted("old") + ") execute function " + t + "_sync()");
    }

    /** The name of one index: the table's and a hash of its columns. */
    static String indexName(ProjectionPlan p, List<String> columns) {
        return p.table() + "_i" + Hashes.sha256Hex(String.join(",", columns), 4);
    }

    static String index(ProjectionPlan p, List<String> columns) {
        return "create index if not exists " + indexName(p, columns) + " on " + p.table() + " (tenant_id, "
                + columns.stream().map(ProjectionDdl::quote).collect(Collectors.joining(", ")) + ")";
    }

    /** Replaces the projection's rows with the form's records, in the caller's transaction. */
    static List<String> fill(ProjectionPlan p) {
        String values = p.columns().stream().map(c -> c.extract("r")).collect(Collectors.joining(", "));
        return List.of("delete from " + p.table(),
                "insert into " + p.table() + " (" + columnList(p) + ") select r.tenant_id, r.id, r.version,"
                        + " r.owner, r.created_at, r.created_by, r.updated_at, r.updated_by"
                        + (values.isEmpty() ? "" : ", " + values) + " from record r where r.app_key = "
                        + literal(p.app()) + " and r.form_key = " + literal(p.form()),
                "analyze " + p.table());
    }

    private static String columnList(ProjectionPlan p) {
        String fields = p.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
        return SYSTEM_COLUMNS + (fields.isEmpty() ? "" : ", " + fields);
    }

    private static String setList(ProjectionPlan p) {
        List<String> all = new ArrayList<>(List.of("version", "owner", "created_at", "created_by", "updated_at",
                "updated_by"));
        p.columns().forEach(c -> all.add(quote(c.name())));
        return all.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
    }

    static String quote(String identifier) {
        if (!identifier.matches("[a-zA-Z_][a-zA-Z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsafe identifier " + identifier);
        }
        return "\"" + identifier + "\"";
    }

    static String literal(String s) {
        if (!s.matches("[a-zA-Z0-9_./ -]{1,200}")) {
            throw new IllegalArgumentException("unsafe literal " + s);
        }
        return "'" + s + "'";
    }
}
