package io.tradewind.model.form;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a role may do with the records of a form; written in lower case in JSON ({@code "create"}).
 * {@link #READ}, {@link #UPDATE}, {@link #DELETE}, {@link #EXPORT} and {@link #TRANSFER} apply to
 * the rows of the role's {@link FormPermission#rows() row scopes}.
 */
public enum PermissionAction {
    /** Create records. */
    CREATE,
    /** Read records: lists, single records, their history, search. */
    READ,
    /** Change records. */
    UPDATE,
    /** Delete records. */
    DELETE,
    /** Export records (CSV, spreadsheets, report exports). */
    EXPORT,
    /** Import records in bulk. */
    IMPORT,
    /** Change a record's owner. */
    TRANSFER;

    /** The JSON name: the constant in lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the action works on existing rows, so that it needs row scopes and read access. */
    public boolean onRows() {
        return this != CREATE && this != IMPORT;
    }
}
