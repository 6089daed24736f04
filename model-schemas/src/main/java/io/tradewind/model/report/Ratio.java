package io.tradewind.model.report;

import java.util.Objects;

/**
 * A computed measure: one measure divided by another (null when the denominator is 0 or empty).
 *
 * @param numerator
 *            the key of an aggregation measure of the same report
 * @param denominator
 *            the key of an aggregation measure of the same report
 */
public record Ratio(String numerator, String denominator) {

    /** Rejects null components. */
    public Ratio {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
    }
}
