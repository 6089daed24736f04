package io.tradewind.model.report;

/** A ratio of two measures. */
public record Ratio(String numerator, String denominator) {
}
