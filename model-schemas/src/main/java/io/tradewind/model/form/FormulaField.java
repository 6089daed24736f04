package io.tradewind.model.form;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * A read-only value computed from a JavaScript expression over the fields of its scope. JSON type
 * {@code "formula"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param expr
 *            the JavaScript expression
 * @param resultType
 *            one of {@link #RESULT_TYPES}, default {@value #DEFAULT_RESULT_TYPE}
 * @param scale
 *            decimal places of a decimal result, default {@value #DEFAULT_SCALE}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FormulaField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        String expr,
        String resultType,
        Integer scale) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "formula";
    /** Default of {@code resultType}. */
    public static final String DEFAULT_RESULT_TYPE = "decimal";
    /** The allowed result types. */
    public static final List<String> RESULT_TYPES = List.of("text", "integer", "decimal", "boolean", "date");
    /** Default of {@code scale}. */
    public static final int DEFAULT_SCALE = 2;
    /** Largest allowed {@code scale}. */
    public static final int MAX_SCALE = 10;

    /** Checks the key and required properties, copies lists and applies the documented defaults. */
    public FormulaField {
        key = FieldSupport.requireKey(key);
        Objects.requireNonNull(expr, "expr");
        resultType = resultType == null ? DEFAULT_RESULT_TYPE : resultType;
        scale = scale == null ? DEFAULT_SCALE : scale;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
