package io.tradewind.runtime.form;

/**
 * A CDI event, fired synchronously by {@link RecordStore} when a write of a form's records has
 * ended (committed, or failed: a failed write may have committed before the connection broke, so it
 * counts too). Observers keep caches of record-derived data fresh on this replica at once; other
 * replicas learn of the change from the database ({@code record} table trigger, changelog 0.3.0).
 */
public record RecordsChanged(String tenant, String app, String form) {
}
