package io.tradewind.model.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/** Helpers shared by the compact constructors of the flow records. */
final class FlowSupport {

    private FlowSupport() {
    }

    /** Rejects a null key; naming rules are checked by the validator so that they can be reported. */
    static String requireKey(String key) {
        return Objects.requireNonNull(key, "key");
    }

    /** An unmodifiable copy; null becomes the empty list, null elements are rejected. */
    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * An unmodifiable copy keeping the order; null becomes the empty map, null keys and values are
     * rejected.
     */
    static <V> Map<String, V> copy(Map<String, V> map) {
        if (map == null) {
            return Map.of();
        }
        var out = new LinkedHashMap<String, V>();
        map.forEach((k, v) -> out.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
        return Collections.unmodifiableMap(out);
    }

    /** A deep copy of a JSON value; null and JSON null stay null. */
    static JsonNode copy(JsonNode node) {
        return node == null || node.isNull() ? null : node.deepCopy();
    }
}
