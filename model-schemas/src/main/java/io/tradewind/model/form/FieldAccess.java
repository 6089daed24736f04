package io.tradewind.model.form;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How far a role may see and change one field; written in lower case in JSON ({@code "read"}). */
public enum FieldAccess {
    /** Neither shown nor writable; cannot be filtered, sorted or searched on. */
    HIDDEN,
    /** Shown, not writable. */
    READ,
    /** Shown and writable. */
    WRITE;

    /** The JSON name: the constant in lower case. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wider of two accesses ({@code WRITE} over {@code READ} over {@code HIDDEN}). */
    public FieldAccess widest(FieldAccess other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
