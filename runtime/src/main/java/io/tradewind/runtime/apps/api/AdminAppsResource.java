package io.tradewind.runtime.apps.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.model.Problem;
import io.tradewind.runtime.apps.AppSync;
import io.tradewind.runtime.apps.SeedLoader;
import io.tradewind.runtime.security.CurrentUser;
import io.tradewind.runtime.security.TradewindPrincipal;

/** Administration of installed app packages: what the last sync refused, and demo data. */
@io.quarkus.security.Authenticated
@Path("/api/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AdminAppsResource {
    @Inject
    SecurityIdentity identity;
    @Inject
    AppSync sync;
    @Inject
    SeedLoader seeds;

    /** The packages of the apps folder that were refused at the last sync, with all their problems. */
    @GET
    @Path("/problems")
    public Map<String, Object> problems() {
        admin();
        List<Map<String, Object>> items = new ArrayList<>();
        sync.refused().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<Map<String, String>> problems = new ArrayList<>();
            for (Problem p : e.getValue()) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("code", p.code());
                m.put("file", p.file());
                m.put("pointer", p.pointer());
                m.put("message", p.message());
                problems.add(m);
            }
            items.add(Map.of("package", e.getKey(), "problems", problems));
        });
        return Map.of("items", items);
    }

    /** Loads the app's demo data into the caller's tenant; only into an app without records. */
    @POST
    @Path("/{app}/seed")
    public Uni<SeedLoader.Result> seed(@PathParam("app") String app) {
        return seeds.load(admin(), app);
    }

    private TradewindPrincipal admin() {
        return CurrentUser.admin(identity, "manage app packages");
    }
}
