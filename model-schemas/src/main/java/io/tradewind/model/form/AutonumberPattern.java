package io.tradewind.model.form;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed autonumber pattern: literal text with the date tokens {@code {yyyy}}, {@code {yy}},
 * {@code {MM}}, {@code {dd}} and exactly one {@code {seq:N}} (N in 1..12), e.g.
 * {@code Q-{yyyy}-{seq:5}} gives {@code Q-2025-00042}. Braces are only allowed as part of a token.
 * Sequences restart per period: the values of the date tokens used.
 */
public final class AutonumberPattern {

    /** The largest number of sequence digits. */
    public static final int MAX_DIGITS = 12;

    private static final Pattern SEQ = Pattern.compile("seq:(\\d{1,9})");

    private sealed interface Part permits Literal, DatePart, Seq {
    }

    private record Literal(String text) implements Part {
    }

    private record DatePart(String token) implements Part {
    }

    private record Seq(int digits) implements Part {
    }

    private final String source;
    private final List<Part> parts;
    private final int digits;

    private AutonumberPattern(String source, List<Part> parts, int digits) {
        this.source = source;
        this.parts = parts;
        this.digits = digits;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException
     *             with a message for a business user when the pattern is invalid
     */
    public static AutonumberPattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        var parts = new ArrayList<Part>();
        var literal = new StringBuilder();
        int digits = 0;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("'}' at position " + (i + 1) + " does not close a token");
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int end = pattern.indexOf('}', i);
            if (end < 0) {
                throw new IllegalArgumentException("'{' at position " + (i + 1) + " is not closed");
            }
            String token = pattern.substring(i + 1, end);
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            var seq = SEQ.matcher(token);
            if (seq.matches()) {
                if (digits > 0) {
                    throw new IllegalArgumentException("the pattern has more than one {seq:N}");
                }
                digits = Integer.parseInt(seq.group(1));
                if (digits < 1 || digits > MAX_DIGITS) {
                    throw new IllegalArgumentException(
                            "{seq:N} needs N between 1 and " + MAX_DIGITS + ", not " + digits);
                }
                parts.add(new Seq(digits));
            } else if (token.equals("yyyy") || token.equals("yy") || token.equals("MM") || token.equals("dd")) {
                parts.add(new DatePart(token));
            } else {
                throw new IllegalArgumentException("unknown token {" + token
                        + "}; use {yyyy}, {yy}, {MM}, {dd} or {seq:N}");
            }
            i = end + 1;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        if (digits == 0) {
            throw new IllegalArgumentException("the pattern needs one {seq:N} token, e.g. Q-{yyyy}-{seq:5}");
        }
        return new AutonumberPattern(pattern, List.copyOf(parts), digits);
    }

    /** The number of digits the sequence is padded to. */
    public int digits() {
        return digits;
    }

    /**
     * The period a sequence counts in: the date tokens of the pattern, formatted for the date and
     * concatenated in pattern order ({@code "2025"} for {@code Q-{yyyy}-{seq:5}}), or {@code ""} when
     * the pattern has none.
     */
    public String periodKey(LocalDate date) {
        var key = new StringBuilder();
        for (var part : parts) {
            if (part instanceof DatePart d) {
                key.append(dateValue(d.token(), date));
            }
        }
        return key.toString();
    }

    /**
     * The number for the given date and sequence value; the sequence is zero-padded to
     * {@link #digits()} and never truncated when it is wider.
     *
     * @throws IllegalArgumentException
     *             when {@code seq} is negative
     */
    public String format(LocalDate date, long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("sequence values are not negative: " + seq);
        }
        var out = new StringBuilder();
        for (var part : parts) {
            switch (part) {
                case Literal l -> out.append(l.text());
                case DatePart d -> out.append(dateValue(d.token(), date));
                case Seq s -> out.append(pad(Long.toString(seq), s.digits()));
            }
        }
        return out.toString();
    }

    private static String dateValue(String token, LocalDate date) {
        return switch (token) {
            case "yyyy" -> pad(Integer.toString(date.getYear()), 4);
            case "yy" -> pad(Integer.toString(Math.floorMod(date.getYear(), 100)), 2);
            case "MM" -> pad(Integer.toString(date.getMonthValue()), 2);
            default -> pad(Integer.toString(date.getDayOfMonth()), 2);
        };
    }

    private static String pad(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutonumberPattern p && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return source;
    }
}
