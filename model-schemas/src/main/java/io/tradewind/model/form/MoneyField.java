package io.tradewind.model.form;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tradewind.model.I18nText;

/**
 * An amount together with its ISO 4217 currency. JSON type {@code "money"}.
 *
 * @param key
 *            the field key
 * @param label
 *            the label, null when absent
 * @param description
 *            a help text, null when absent
 * @param required
 *            whether a value is required (default false)
 * @param currencies
 *            allowed currencies; empty means any ISO 4217 currency
 * @param defaultCurrency
 *            currency preset for new values, null when absent
 * @param scale
 *            decimal places of the amount, default {@value #DEFAULT_SCALE}
 * @param min
 *            smallest allowed amount, null when absent
 * @param max
 *            largest allowed amount, null when absent
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MoneyField(String key,
        I18nText label,
        I18nText description,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required,
        List<String> currencies,
        String defaultCurrency,
        Integer scale,
        BigDecimal min,
        BigDecimal max) implements FieldDefinition {

    /** The JSON type name. */
    public static final String TYPE = "money";
    /** Default of {@code scale}. */
    public static final int DEFAULT_SCALE = 2;
    /** Largest allowed {@code scale}. */
    public static final int MAX_SCALE = 4;

    /** Checks the key, copies lists and applies the documented defaults. */
    public MoneyField {
        key = FieldSupport.requireKey(key);
        currencies = FieldSupport.copy(currencies);
        scale = scale == null ? DEFAULT_SCALE : scale;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
