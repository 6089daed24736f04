package io.tradewind.runtime.report.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A schedule's cron expression: the five fields of Unix cron (minute, hour, day of month, month,
 * day of week), parsed and validated by cron-utils. The minute must be one number, so a schedule
 * fires at most once an hour and cannot turn the mailer into a flood.
 */
public final class Cron {
    /** The longest expression accepted. */
    public static final int MAX_LENGTH = 100;
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
            CronType.UNIX));

    private final String expression;
    private final ExecutionTime times;

    private Cron(String expression, ExecutionTime times) {
        this.expression = expression;
        this.times = times;
    }

    /** Thrown for an expression that is not a valid five-field cron expression. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        Invalid(String code, String message) {
            super(message);
            this.code = code;
        }

        /** {@code CRON_INVALID} or {@code CRON_TOO_FREQUENT}. */
        public String code() {
            return code;
        }
    }

    /** Parses and validates {@code expression}. */
    public static Cron parse(String expression) throws Invalid {
        if (expression == null || expression.isBlank() || expression.length() > MAX_LENGTH) {
            throw new Invalid("CRON_INVALID", "A cron expression has five fields: minute hour day-of-month month"
                    + " day-of-week, e.g. \"0 8 * * 1\" (Mondays at 08:00).");
        }
        String e = expression.strip().replaceAll("\\s+", " ");
        if (e.split(" ").length != 5) {
            throw new Invalid("CRON_INVALID", "A cron expression has exactly five fields: minute hour day-of-month"
                    + " month day-of-week; this one has " + e.split(" ").length + ".");
        }
        com.cronutils.model.Cron cron;
        try {
            cron = PARSER.parse(e).validate();
        } catch (IllegalArgumentException ex) {
            throw new Invalid("CRON_INVALID", "Not a valid cron expression: " + clean(ex.getMessage()));
        }
        if (!(cron.retrieve(CronFieldName.MINUTE).getExpression() instanceof On)) {
            throw new Invalid("CRON_TOO_FREQUENT", "A schedule runs at most once an hour: give the minute as one"
                    + " number (e.g. \"0 8 * * *\", not \"*/5 * * * *\").");
        }
        ExecutionTime times = ExecutionTime.forCron(cron);
        // "0 0 31 2 *" parses but never fires; any fixed start shows it (the schedule's clock is not needed)
        if (times.nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC)).isEmpty()) {
            throw new Invalid("CRON_INVALID", "The cron expression never fires.");
        }
        return new Cron(e, times);
    }

    /** The expression in canonical spacing. */
    public String expression() {
        return expression;
    }

    /**
     * The first fire time strictly after {@code after}, with the fields read as wall-clock time in
     * {@code zone}; empty when there is none.
     */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        return times.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
    }

    private static String clean(String message) {
        if (message == null) {
            return "";
        }
        String m = message.replaceAll("[\\p{Cc}]", " ");
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }
}
