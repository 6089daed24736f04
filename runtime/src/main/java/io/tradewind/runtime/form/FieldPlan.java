package io.tradewind.runtime.form;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.runtime.form.field.FieldCodec;

/**
 * How the form engine treats one field, compiled from its definition: the codec that normalizes
 * input, whether it is required, its default, and what it is (input, computed, link, subtable).
 *
 * @param defaultValue
 *            a normalized default, or null; {@link #DEFAULT_TODAY} / {@link #DEFAULT_NOW} markers
 *            are resolved at write time
 * @param rows
 *            the row fields of a subtable, else empty
 */
public record FieldPlan(String key, Role role, FieldCodec codec, boolean required, JsonNode defaultValue,
        boolean unique, String linkApp, String linkForm, List<FieldPlan> rows, Integer minRows, int maxRows) {

    public static final String DEFAULT_TODAY = "\u0001today";
    public static final String DEFAULT_NOW = "\u0001now";

    public FieldPlan {
        rows = List.copyOf(rows);
    }

    /** What a field is for the engine. */
    public enum Role {
        /** Entered by users and integrations. */
        INPUT,
        /** A link to a record of another form. */
        LINK,
        /** Child rows. */
        SUBTABLE,
        /** Computed by a formula. */
        FORMULA,
        /** Numbered by the engine. */
        AUTONUMBER
    }

    /** True for fields that callers cannot set. */
    public boolean computed() {
        return role == Role.FORMULA || role == Role.AUTONUMBER;
    }
}
