package io.tradewind.model;

import java.util.Objects;

/**
 * A parsed definition together with the file it came from, so that problems found later can point
 * into that file.
 *
 * @param file
 *            the path relative to the package folder, e.g. {@code forms/quote.form.json}
 * @param definition
 *            the parsed definition
 * @param <T>
 *            the definition type
 */
public record Sourced<T>(String file, T definition) {

    /** Rejects null components. */
    public Sourced {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(definition, "definition");
    }
}
