package io.tradewind.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.ReportDefinition;

/** The semantic checks of reports and dashboards against the forms of their package. */
public final class ReportValidator {
    private final List<Problem> problems = new ArrayList<>();

    private ReportValidator() {
    }

    /**
     * Validates the reports and dashboards of a package.
     *
     * @param forms
     *            the package's forms by key
     * @param reports
     *            the parsed reports with their files
     * @param dashboards
     *            the parsed dashboards with their files
     */
    public static List<Problem> validate(Map<String, FormDefinition> forms, List<Sourced<ReportDefinition>> reports,
            List<Sourced<DashboardDefinition>> dashboards) {
        ReportValidator v = new ReportValidator();
        return List.copyOf(v.problems);
    }
}
