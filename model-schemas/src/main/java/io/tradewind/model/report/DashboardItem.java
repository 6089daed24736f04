package io.tradewind.model.report;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.I18nText;

/** One tile of a dashboard. */
public record DashboardItem(String report, I18nText title, int width, Map<String, JsonNode> parameters) {
}
