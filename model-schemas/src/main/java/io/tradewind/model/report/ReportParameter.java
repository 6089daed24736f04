package io.tradewind.model.report;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.I18nText;

/**
 * A value a viewer may set when running a report or dashboard; filters refer to it as
 * {@code "$param.<key>"}.
 *
 * @param key
 *            the parameter key
 * @param type
 *            what kind of value it takes
 * @param label
 *            the label, null when absent
 * @param defaultValue
 *            the JSON {@code default}, null when absent; date and datetime parameters may default
 *            to an ISO date (or date-time), a relative period such as {@code -P90D} or {@code P0D}
 *            (today), or one of {@code startOfMonth}, {@code startOfQuarter}, {@code startOfYear}
 *            (see {@link #RELATIVE_DATES}); user parameters may only default to {@code "$user.id"}
 *            (the viewer), department parameters to {@code "$user.department"} (the viewer's
 *            department); a copy is kept and a copy is returned
 * @param options
 *            the allowed values of a {@link ParameterType#SELECT} parameter; empty otherwise
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReportParameter(String key, ParameterType type, I18nText label,
        @JsonProperty("default") JsonNode defaultValue, List<String> options) {

    /**
     * The prefix of a reference to a parameter in a filter or dashboard value: {@code "$param.<key>"}.
     */
    public static final String REFERENCE_PREFIX = "$param.";

    /** The named relative dates a date or datetime parameter may default to. */
    public static final List<String> RELATIVE_DATES = List.of("startOfMonth", "startOfQuarter", "startOfYear");

    /** Rejects null key and type; copies the default and the options. */
    public ReportParameter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        defaultValue = ReportSupport.copy(defaultValue);
        options = ReportSupport.copy(options);
    }

    /** A copy of the default, null when absent. */
    @Override
    @JsonProperty("default")
    public JsonNode defaultValue() {
        return ReportSupport.copy(defaultValue);
    }
}
