package io.tradewind.runtime.report.schedule;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Scheduled reports by email (ADR 0012); nothing needs configuring but the SMTP server. */
@ConfigMapping(prefix = "tradewind.reports.schedule")
public interface ScheduleConfig {

    /** Whether this replica polls for due schedules; off, schedules only go out with "run now". */
    @WithDefault("true")
    boolean enabled();

    /** How often a replica looks for due schedules. */
    @WithDefault("30s")
    Duration pollInterval();

    /** Most schedules of one tenant claimed in one transaction. */
    @WithDefault("20")
    int batchSize();

    /** Most recipients one run mails; members past it are left out and logged (TW-SCH-004). */
    @WithDefault("500")
    int maxRecipients();

    /** Most rows of a report shown in the email's table (the spreadsheet has them all). */
    @WithDefault("200")
    int maxTableRows();
}
