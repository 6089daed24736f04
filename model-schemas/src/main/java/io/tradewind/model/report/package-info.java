/**
 * Reports and dashboards of the definition language: {@code reports/<key>.report.json} and
 * {@code dashboards/<key>.dashboard.json}, as immutable records.
 */
package io.tradewind.model.report;
