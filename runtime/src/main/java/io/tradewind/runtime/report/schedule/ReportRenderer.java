package io.tradewind.runtime.report.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.tradewind.model.I18nText;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.model.report.ReportDefinition;
import io.tradewind.runtime.error.TradewindException;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.report.ReportService;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * Runs a schedule's report or dashboard AS THE RECIPIENT (their row scope, field access and
 * actions, through {@link ReportService}) and composes the email. A recipient who may not read the
 * report gets no email; the reason goes into the delivery row. Spreadsheets are attached only for
 * datasets the recipient may export.
 */
@ApplicationScoped
public class ReportRenderer {
    @Inject
    ReportService reports;
    @Inject
    AppRegistry registry;
    @Inject
    ScheduleConfig config;

    /**
     * The email, or null with the reason there is none; {@code reason} may also note left-out items.
     */
    public record Rendered(ReportMail.Message message, String reason) {
    }

    /** Renders {@code s} for {@code recipient}. */
    public Uni<Rendered> render(TradewindPrincipal recipient, Schedules.Schedule s, String when) {
        return Uni.createFrom().deferred(() -> {
            AppRegistry.InstalledApp app = registry.app(recipient.tenantId(), s.app());
            return s.kind().equals("report") ? report(recipient, app, s, when) : dashboard(recipient, app, s, when);
        }).onFailure(TradewindException.class).recoverWithItem(e -> new Rendered(null, ((TradewindException) e)
                .code()));
    }

    private Uni<Rendered> report(TradewindPrincipal user, AppRegistry.InstalledApp app, Schedules.Schedule s,
            String when) {
        ReportDefinition def = app.reports().get(s.target());
        return reports.data(user, s.app(), s.target(), s.query()).flatMap(result -> ScheduleRunner.offload(() -> {
            String title = text(def.label(), def.key());
            ReportMail.Section section = new ReportMail.Section(def.key(), title, result, null, mayExport(user, app,
                    def));
            return new Rendered(ReportMail.compose(s.name(), title + " · " + when, List.of(section), config
                    .maxTableRows()), null);
        }));
    }

    private Uni<Rendered> dashboard(TradewindPrincipal user, AppRegistry.InstalledApp app, Schedules.Schedule s,
            String when) {
        var d = app.dashboards().get(s.target());
        return reports.dashboard(user, s.app(), s.target(), s.query()).flatMap(body -> ScheduleRunner.offload(
                () -> {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
                    List<ReportMail.Section> sections = new ArrayList<>();
                    int hidden = 0;
                    for (Map<String, Object> item : items) {
                        String key = (String) item.get("report");
                        ReportDefinition def = app.reports().get(key);
                        String title = item.get("title") instanceof I18nText t
                                ? t.text("en")
                                : def == null ? key : text(def.label(), key);
                        if (item.get("data") instanceof ReportService.Result r) {
                            sections.add(new ReportMail.Section(key, title, r, null, mayExport(user, app, def)));
                        } else {
                            hidden++;
                        }
                    }
                    if (sections.isEmpty()) {
                        return new Rendered(null, "NO_READABLE_REPORT");
                    }
                    String title = text(d.label(), d.key());
                    return new Rendered(ReportMail.compose(s.name(), title + " · " + when, sections, config
                            .maxTableRows()), hidden == 0 ? null : "ITEMS_NOT_READABLE: " + hidden);
                }));
    }

    private static boolean mayExport(TradewindPrincipal user, AppRegistry.InstalledApp app, ReportDefinition def) {
        CompiledForm form = def == null ? null : app.forms().get(def.dataset().form());
        return form != null && form.access().grant(user).allows(PermissionAction.EXPORT);
    }

    private static String text(I18nText t, String fallback) {
        return t == null ? fallback : t.text("en");
    }
}
