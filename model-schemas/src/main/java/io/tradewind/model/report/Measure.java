package io.tradewind.model.report;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.I18nText;

/** An aggregated column. */
public record Measure(String key, Aggregation agg, String field, JsonNode filter, Ratio ratio, I18nText label) {
}
