package io.tradewind.runtime.report.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The five-field cron expressions of report schedules, read in a time zone. */
class CronTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void mondaysAtEightAreFoundInTheScheduleZone() throws Exception {
        Cron c = Cron.parse("  0  8 * *   1 ");
        assertThat(c.expression()).isEqualTo("0 8 * * 1");
        // Wednesday 2026-12-02 12:00 UTC → Monday 2026-12-07 08:00 in Berlin (CET, UTC+1)
        assertThat(c.next(Instant.parse("2026-12-02T12:00:00Z"), BERLIN)).contains(Instant.parse(
                "2026-12-07T07:00:00Z"));
        assertThat(c.next(Instant.parse("2026-12-02T12:00:00Z"), ZoneId.of("Asia/Shanghai"))).contains(Instant.parse(
                "2026-12-07T00:00:00Z"));
        // strictly after: a fire time itself gives the next one
        assertThat(c.next(Instant.parse("2026-12-07T07:00:00Z"), BERLIN)).contains(Instant.parse(
                "2026-12-14T07:00:00Z"));
    }

    @Test
    void wallClockTimeIsKeptAcrossTheDaylightSavingSwitch() throws Exception {
        Cron c = Cron.parse("30 8 * * *");
        // Berlin moves to summer time on Sunday 2027-03-28
        assertThat(c.next(Instant.parse("2027-03-27T12:00:00Z"), BERLIN)).contains(Instant.parse(
                "2027-03-28T06:30:00Z"));
        assertThat(c.next(Instant.parse("2027-03-26T12:00:00Z"), BERLIN)).contains(Instant.parse(
                "2027-03-27T07:30:00Z"));
        // and back to winter time on 2027-10-31
        assertThat(c.next(Instant.parse("2027-10-30T12:00:00Z"), BERLIN)).contains(Instant.parse(
                "2027-10-31T07:30:00Z"));
    }

    @Test
    void monthsDaysAndListsWork() throws Exception {
        assertThat(Cron.parse("0 9 1 * *").next(Instant.parse("2026-12-02T00:00:00Z"), ZoneId.of("UTC"))).contains(
                Instant.parse("2027-01-01T09:00:00Z"));
        assertThat(Cron.parse("15 6,18 * * 1-5").next(Instant.parse("2026-12-04T19:00:00Z"), ZoneId.of("UTC")))
                .contains(Instant.parse("2026-12-07T06:15:00Z"));
    }

    @Test
    void malformedExpressionsAreRefusedWithACode() {
        for (String bad : new String[]{"", " ", "* * *", "0 8 * * * *", "61 8 * * *", "0 24 * * *", "0 8 32 * *",
                "0 8 * 13 *", "0 8 * * MOON", "a b c d e", "0 8 * * 1; rm -rf /", "0 8 ? * *x", "x".repeat(101)}) {
            Cron.Invalid e = assertThrows(Cron.Invalid.class, () -> Cron.parse(bad), bad);
            assertThat(e.code()).as(bad).isEqualTo("CRON_INVALID");
        }
        assertThrows(Cron.Invalid.class, () -> Cron.parse(null));
    }

    @Test
    void schedulesFireAtMostOnceAnHour() {
        for (String often : new String[]{"* 8 * * *", "*/5 * * * *", "0,30 8 * * *", "0-10 * * * *"}) {
            Cron.Invalid e = assertThrows(Cron.Invalid.class, () -> Cron.parse(often), often);
            assertThat(e.code()).as(often).isEqualTo("CRON_TOO_FREQUENT");
        }
    }

    @Test
    void anExpressionThatNeverFiresIsRefused() {
        assertThrows(Cron.Invalid.class, () -> Cron.parse("0 0 31 2 *"));
    }
}
