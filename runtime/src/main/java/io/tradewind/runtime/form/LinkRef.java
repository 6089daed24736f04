package io.tradewind.runtime.form;

import java.util.UUID;

/**
 * A link from a record to another record, as stored in {@code record_ref}: {@code field} is the
 * JSON Pointer of the link inside the record's data (e.g. {@code /lines/2/product}), so a missing
 * target can be reported where it is.
 */
public record LinkRef(String field, String targetApp, String targetForm, UUID targetId) {
}
