package io.tradewind.model;

import java.util.Objects;

/**
 * One problem found in a definition file.
 *
 * @param code
 *            a stable constant from {@link Problems}
 * @param file
 *            the path of the file relative to the package folder, with {@code /} separators (e.g.
 *            {@code forms/quote.form.json}); for a single parsed definition, the file name it was
 *            given
 * @param pointer
 *            an RFC 6901 JSON Pointer into that file ({@code ""} is the whole document)
 * @param message
 *            a plain-English explanation for a business user
 */
public record Problem(String code, String file, String pointer, String message) {

    /** Rejects null components. */
    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return code + " " + file + "#" + pointer + ": " + message;
    }
}
