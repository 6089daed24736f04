package io.tradewind.model.form;

import java.util.Set;

/** Names of the system fields that every record has, and the names reserved for them. */
public final class SystemFields {

    /** System fields that views may show and sort by. */
    public static final Set<String> VIEWABLE = Set.of("id", "createdAt", "createdBy", "updatedAt", "updatedBy", "owner",
            "version");

    /** Names no field may use: the viewable system fields plus internal columns. */
    public static final Set<String> RESERVED = Set.of("id", "tenant", "tenantId", "createdAt", "createdBy", "updatedAt",
            "updatedBy", "owner", "version", "data");

    private SystemFields() {
    }
}
