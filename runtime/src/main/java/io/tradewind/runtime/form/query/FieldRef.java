package io.tradewind.runtime.form.query;

import io.tradewind.runtime.form.field.FieldCodec.SqlKind;

/**
 * A field that may be filtered or sorted on, and the SQL expression that reads it (never built from
 * user text).
 *
 * @param storage
 *            how the expression's value is typed, which decides how filter values are bound
 */
public record FieldRef(String key, SqlKind kind, String sql, Storage storage) {

    /** How a field's SQL expression is typed. */
    public enum Storage {
        /** Read out of the jsonb {@code data}: text, or numeric/boolean by a cast; dates are ISO text. */
        JSON,
        /** A system column of {@code record}: uuid/integer/timestamptz. */
        COLUMN,
        /**
         * A typed column of a report projection: numeric, boolean, {@code date}, {@code timestamptz}, text.
         */
        TYPED,
        /** A {@code uuid} column of a report projection: a link's target id, compared as a uuid. */
        UUID
    }

    /**
     * A field whose storage follows from its expression: a system column unless it reads {@code data}.
     */
    public FieldRef(String key, SqlKind kind, String sql) {
        this(key, kind, sql, sql.contains("data") ? Storage.JSON : Storage.COLUMN);
    }

    /** A form field stored in the {@code data} column; the key is known to be a safe identifier. */
    public static FieldRef data(String key, SqlKind kind) {
        if (!key.matches("[a-zA-Z][a-zA-Z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsafe field key " + key);
        }
        String sql = switch (kind) {
            case NUMBER -> "(data->>'" + key + "')::numeric";
            case BOOLEAN -> "(data->>'" + key + "')::boolean";
            case MONEY -> "(data->'" + key + "'->>'amount')::numeric";
            case ARRAY, OBJECT -> "(data->'" + key + "')";
            default -> "(data->>'" + key + "')";
        };
        return new FieldRef(key, kind, sql);
    }

    /** The system fields every record has. */
    public static java.util.List<FieldRef> system() {
        return java.util.List.of(new FieldRef("id", SqlKind.TEXT, "id::text"),
                new FieldRef("version", SqlKind.NUMBER, "version"),
                new FieldRef("createdAt", SqlKind.DATETIME, "created_at"),
                new FieldRef("updatedAt", SqlKind.DATETIME, "updated_at"),
                new FieldRef("createdBy", SqlKind.TEXT, "created_by::text"),
                new FieldRef("updatedBy", SqlKind.TEXT, "updated_by::text"),
                new FieldRef("owner", SqlKind.TEXT, "owner::text"));
    }

    /**
     * True for the system columns that are never null; sorting on them needs no {@code nulls last},
     * which lets PostgreSQL walk the record index instead of sorting every row of the form.
     */
    public boolean notNull() {
        return switch (key) {
            case "id", "version", "createdAt", "updatedAt" -> true;
            default -> false;
        };
    }

    /**
     * True for typed columns (system columns and report projections), whose datetimes are timestamptz
     * and dates {@code date} rather than ISO text.
     */
    public boolean isColumn() {
        return storage != Storage.JSON;
    }
}
