package io.tradewind.model.report;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.I18nText;

/** A report or dashboard parameter. */
public record ReportParameter(String key, ParameterType type, I18nText label, JsonNode defaultValue,
        List<String> options) {
}
