package io.tradewind.model.report;

/** Date buckets. */
public enum DateBucket {
    DAY, WEEK, MONTH, QUARTER, YEAR
}
