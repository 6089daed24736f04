package io.tradewind.model.form;

import java.util.List;
import java.util.Objects;

/** Helpers shared by the compact constructors of the definition records. */
final class FieldSupport {

    private FieldSupport() {
    }

    /** Rejects a null key; naming rules are checked by the validator so that they can be reported. */
    static String requireKey(String key) {
        return Objects.requireNonNull(key, "key");
    }

    /** An unmodifiable copy; null becomes the empty list, null elements are rejected. */
    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
