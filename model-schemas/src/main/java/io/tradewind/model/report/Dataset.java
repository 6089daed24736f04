package io.tradewind.model.report;

import com.fasterxml.jackson.databind.JsonNode;

/** The records a report reads. */
public record Dataset(String form, JsonNode filter, String rows) {
}
