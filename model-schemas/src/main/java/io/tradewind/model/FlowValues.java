package io.tradewind.model;

import java.time.Duration;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * Reading the scalar values of flows: ISO 8601 durations and five-field cron expressions.
 */
final class FlowValues {
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final int MAX_CRON_LENGTH = 100;

    private FlowValues() {
    }

    /**
     * The sign of an ISO 8601 duration ({@code P3D}, {@code PT4H}, {@code P1DT12H}, {@code P1M},
     * {@code -P1D}): -1, 0 or 1; empty when it is not one. Date parts (years, months, weeks, days) and
     * time parts may not be mixed except days with time, as {@link Duration} reads them.
     */
    static Optional<Integer> durationSign(String text) {
        if (text == null || text.isBlank() || text.length() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(text).compareTo(Duration.ZERO)).map(Integer::signum);
        } catch (DateTimeParseException e) {
            // not a time-based duration; try a date-based period
        }
        try {
            Period p = Period.parse(text);
            return Optional.of(p.isZero() ? 0 : p.isNegative() ? -1 : 1);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A time-based duration ({@code PT30S}), empty when the text is not one. */
    static Optional<Duration> timeDuration(String text) {
        try {
            return Optional.of(Duration.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * What is wrong with a cron expression of five fields (minute hour day-of-month month day-of-week,
     * Unix semantics), or empty when it is fine.
     */
    static Optional<String> cronProblem(String expression) {
        if (expression == null || expression.isBlank() || expression.length() > MAX_CRON_LENGTH) {
            return Optional.of("A cron expression has five fields: minute hour day-of-month month day-of-week, e.g."
                    + " \"0 2 * * *\" (daily at 02:00).");
        }
        String e = expression.strip().replaceAll("\\s+", " ");
        int fields = e.split(" ").length;
        if (fields != 5) {
            return Optional.of("A cron expression has exactly five fields: minute hour day-of-month month"
                    + " day-of-week; this one has " + fields + ".");
        }
        ExecutionTime times;
        try {
            times = ExecutionTime.forCron(CRON.parse(e).validate());
        } catch (IllegalArgumentException ex) {
            return Optional.of("Not a valid cron expression: " + clean(ex.getMessage()));
        }
        // "0 0 31 2 *" reads but never fires; any fixed start shows it
        if (times.nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)).isEmpty()) {
            return Optional.of("The cron expression never fires.");
        }
        return Optional.empty();
    }

    private static String clean(String message) {
        if (message == null) {
            return "";
        }
        String m = message.replaceAll("[\\p{Cc}]", " ");
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
