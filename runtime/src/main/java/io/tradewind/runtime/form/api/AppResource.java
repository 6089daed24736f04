package io.tradewind.runtime.form.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.tradewind.model.form.PermissionAction;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.security.CurrentUser;

/** The installed apps of the caller's tenant and their published definitions. */
@io.quarkus.security.Authenticated
@Path("/api/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppResource {
    @Inject
    AppRegistry registry;
    @Inject
    SecurityIdentity identity;
    @Inject
    io.tradewind.runtime.report.ReportService reports;
    @Inject
    io.tradewind.runtime.flow.FlowCatalog flowCatalog;

    @GET
    public Map<String, Object> apps() {
        String tenant = CurrentUser.of(identity).tenantId();
        List<Map<String, Object>> items = new ArrayList<>();
        for (AppRegistry.InstalledApp a : registry.apps(tenant)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", a.key());
            m.put("version", a.version());
            m.put("name", a.app().get("name"));
            items.add(m);
        }
        return Map.of("items", items);
    }

    @GET
    @Path("/{app}")
    public Map<String, Object> app(@PathParam("app") String app) {
        var user = CurrentUser.of(identity);
        AppRegistry.InstalledApp a = registry.app(user.tenantId(), app);
        List<Map<String, Object>> forms = new ArrayList<>();
        for (CompiledForm f : a.forms().values()) {
            var actions = f.access().grant(user).actions();
            if (actions.isEmpty()) {
                continue; // a form the caller may not use is not listed
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", f.key());
            m.put("label", f.definition().get("label"));
            m.put("version", f.version());
            m.put("actions", actions.stream().map(PermissionAction::json).toList());
            forms.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", a.key());
        body.put("version", a.version());
        body.put("name", a.app().get("name"));
        body.put("description", a.app().get("description"));
        body.put("forms", forms);
        List<Map<String, Object>> flowList = new ArrayList<>();
        for (var f : flowCatalog.flows(user.tenantId(), app).values()) {
            var def = f.definition();
            boolean usable = def.form() == null
                    ? user.isAdmin()
                    : a.forms().containsKey(def.form()) && !a.forms().get(def.form()).access().grant(user).actions()
                            .isEmpty();
            if (!usable) {
                continue;
            }
            Map<String, Object> m = keyAndLabel(f.key(), def.label());
            m.put("form", def.form());
            m.put("trigger", def.trigger().type());
            m.put("version", f.version());
            flowList.add(m);
        }
        flowList.sort(java.util.Comparator.comparing(m -> (String) m.get("key")));
        body.put("flows", flowList);
        body.put("reports", reports.readableReports(user, app).stream().map(r -> keyAndLabel(r.key(), r.label()))
                .toList());
        body.put("dashboards", reports.readableDashboards(user, app).stream().map(d -> keyAndLabel(d.key(), d
                .label())).toList());
        return body;
    }

    private static Map<String, Object> keyAndLabel(String key, Object label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("label", label);
        return m;
    }

    @GET
    @Path("/{app}/forms/{form}")
    public JsonNode form(@PathParam("app") String app, @PathParam("form") String form) {
        var user = CurrentUser.of(identity);
        CompiledForm f = registry.form(user.tenantId(), app, form);
        var grant = f.access().grant(user);
        if (grant.actions().isEmpty()) {
            throw new io.tradewind.runtime.error.AccessDenied("ACTION_NOT_ALLOWED", "You may not use the form '"
                    + f.key() + "'.");
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = f.definition().deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode access = body.putObject("access");
        grant.actions().forEach(x -> access.withArray("actions").add(x.json()));
        com.fasterxml.jackson.databind.node.ObjectNode fields = access.putObject("fields");
        f.fields().keySet().forEach(k -> fields.put(k, grant.access(k).json()));
        return body;
    }
}
