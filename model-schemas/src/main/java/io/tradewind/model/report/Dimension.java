package io.tradewind.model.report;

import io.tradewind.model.I18nText;

/** A grouping column. */
public record Dimension(String key, String field, DateBucket bucket, I18nText label) {
}
