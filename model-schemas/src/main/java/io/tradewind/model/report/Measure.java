package io.tradewind.model.report;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.I18nText;

/**
 * An aggregated value of a report: either an aggregation ({@code agg}, with a {@code field} unless
 * it is {@link Aggregation#COUNT}) or a {@code ratio} of two other measures.
 *
 * @param key
 *            the measure key, unique among the report's dimensions and measures
 * @param agg
 *            the aggregation, null for a ratio
 * @param field
 *            the field path aggregated (as in {@link Dimension#field()}), null when absent (count
 *            counts rows)
 * @param filter
 *            a filter in the shared filter language that limits the rows this measure aggregates (a
 *            conditional aggregate), null when absent; a copy is kept and a copy is returned
 * @param ratio
 *            numerator / denominator of two other measures, null for an aggregation
 * @param label
 *            the label, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Measure(String key, Aggregation agg, String field, JsonNode filter, Ratio ratio, I18nText label) {

    /** Rejects a null key; keeps a copy of the filter (JSON null becomes null). */
    public Measure {
        Objects.requireNonNull(key, "key");
        filter = ReportSupport.copy(filter);
    }

    /** A copy of the filter, null when absent. */
    @Override
    public JsonNode filter() {
        return ReportSupport.copy(filter);
    }

    /** Whether this is a ratio of two other measures. */
    @JsonIgnore
    public boolean isRatio() {
        return ratio != null;
    }
}
