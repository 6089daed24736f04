package io.tradewind.runtime.form.query;

import java.util.ArrayList;
import java.util.List;

/** Positional bind parameters ({@code $1, $2, …}) of a query being built. */
public final class SqlParams {
    private final List<Object> values = new ArrayList<>();

    /** Adds a value and returns its placeholder. */
    public String add(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    public List<Object> values() {
        return values;
    }
}
