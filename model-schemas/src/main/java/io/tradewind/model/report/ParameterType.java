package io.tradewind.model.report;

/** Parameter types. */
public enum ParameterType {
    DATE, DATETIME, TEXT, NUMBER, USER, DEPARTMENT, COUNTRY, SELECT
}
