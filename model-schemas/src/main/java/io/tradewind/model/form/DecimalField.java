package io.tradewind.model.form;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tradewind.model.I18nText;

/**
 * A decimal number with a fixed scale. JSON type {@code "decimal"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param scale
 *            decimal places, default {@value #DEFAULT_SCALE}
 * @param min
 *            smallest allowed value, null when absent
 * @param max
 *            largest allowed value, null when absent
 * @param defaultValue
 *            the default value, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DecimalField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        Integer scale,
        BigDecimal min,
        BigDecimal max,
        @JsonProperty("default") BigDecimal defaultValue) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "decimal";
    /** Default of {@code scale}. */
    public static final int DEFAULT_SCALE = 2;
    /** Largest allowed {@code scale}. */
    public static final int MAX_SCALE = 10;

    /** Checks the key, copies lists and applies the documented defaults. */
    public DecimalField {
        key = FieldSupport.requireKey(key);
        scale = scale == null ? DEFAULT_SCALE : scale;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
