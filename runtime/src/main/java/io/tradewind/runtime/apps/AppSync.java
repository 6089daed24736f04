package io.tradewind.runtime.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.tradewind.model.AppPackage;
import io.tradewind.model.AppPackageLoader;
import io.tradewind.model.DefinitionParser;
import io.tradewind.model.Problem;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.runtime.audit.AuditLog;
import io.tradewind.runtime.form.AppRegistry;
import io.tradewind.runtime.form.CompiledForm;
import io.tradewind.runtime.form.FormCompiler;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Loads the app packages of the apps folder at start-up and installs them in every tenant. A
 * package is synced by content hash: unchanged packages only get compiled, changed ones get a new
 * version of each changed form. A broken package is refused with every one of its problems logged,
 * and the tenant keeps the last version it had, if any; the other packages load normally.
 */
@Singleton
public class AppSync {
    private static final Logger LOG = Logger.getLogger(AppSync.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;
    @Inject
    AppRegistry registry;
    @Inject
    FormCompiler compiler;
    @Inject
    AuditLog audit;
    @Inject
    ObjectMapper mapper;
    @Inject
    io.tradewind.runtime.report.projection.ReportProjections projections;
    @Inject
    io.tradewind.runtime.flow.FlowCatalog flows;
    @ConfigProperty(name = "tradewind.apps-dir")
    String appsDir;

    private final Map<String, AppPackage> packages = new ConcurrentHashMap<>();
    private final Map<String, List<Problem>> refused = new ConcurrentHashMap<>();

    /** What the last sync found: per package folder, the problems that made it refuse the package. */
    public Map<String, List<Problem>> refused() {
        return Map.copyOf(refused);
    }

    /** The package loaded from disk for an app key, if it loaded cleanly. */
    public AppPackage loadedPackage(String app) {
        return packages.get(app);
    }

    void onStart(@Observes @Priority(200) StartupEvent event) {
        syncAll();
    }

    /**
     * Installs every package that loaded cleanly in one tenant, e.g. a tenant just created. Blocks:
     * call it off the event loop.
     */
    public void installAll(String tenant) {
        for (AppPackage pkg : new TreeMap<>(packages).values()) {
            install(tenant, pkg);
        }
    }

    /** Loads every package of the apps folder and installs it in every tenant. */
    public void syncAll() {
        List<Path> dirs = new ArrayList<>();
        for (String d : appsDir.split(",")) {
            dirs.add(Path.of(d.trim()).toAbsolutePath().normalize());
        }
        sync(dirs);
    }

    /** Loads every package of the given folders and installs it in every tenant. */
    public void sync(List<Path> dirs) {
        Map<String, AppPackageLoader.LoadResult> results = new TreeMap<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                results.putAll(AppPackageLoader.loadAll(dir));
            } else {
                LOG.warnf("TW-APP-004 the apps folder %s does not exist", dir);
            }
        }
        List<String> tenants = pool.query("select tenant_id from tenant order by tenant_id").execute()
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                }).await().atMost(DB_WAIT);
        for (var entry : results.entrySet()) {
            String folder = entry.getKey();
            AppPackageLoader.LoadResult result = entry.getValue();
            if (result.pkg() == null) {
                refuse(folder, result.problems());
                for (String tenant : tenants) {
                    fallBack(tenant, folder);
                }
                continue;
            }
            AppPackage pkg = result.pkg();
            try {
                ensureUniqueIndexes(pkg);
            } catch (RuntimeException e) {
                refuse(folder, List.of(new Problem("UNIQUE_INDEX_FAILED", "forms", "",
                        "A unique field cannot be enforced, most likely because stored records already hold "
                                + "duplicate values: " + rootMessage(e))));
                for (String tenant : tenants) {
                    fallBack(tenant, folder);
                }
                continue;
            }
            try {
                projections.ensure(pkg);
            } catch (RuntimeException e) {
                // reports still answer from the record store, only slower
                LOG.errorf(e, "TW-RPT-003 report projections of app package '%s' could not be built: %s", folder,
                        rootMessage(e));
            }
            refused.remove(folder);
            packages.put(pkg.app().key(), pkg);
            for (String tenant : tenants) {
                install(tenant, pkg);
            }
        }
    }

    private void refuse(String folder, List<Problem> problems) {
        refused.put(folder, List.copyOf(problems));
        LOG.errorf("TW-APP-002 app package '%s' refused: %d problem(s)", folder, problems.size());
        for (Problem p : problems) {
            LOG.errorf("TW-APP-002   %s %s#%s: %s", p.code(), p.file(), p.pointer(), p.message());
        }
    }

    /** Writes a changed package to the tenant's catalog (one transaction) and publishes it. */
    private void install(String tenant, AppPackage pkg) {
        String appKey = pkg.app().key();
        JsonNode appJson = mapper.valueToTree(pkg.app());
        Map<String, Integer> versions = pool.withTransaction(conn -> {
            return ensureRoles(conn, tenant, pkg).flatMap(
                    r -> conn.preparedQuery("select content_hash from app_package where tenant_id = $1 and app_key = $2"
                            + " for update").execute(Tuple.of(tenant, appKey)).flatMap(rows -> {
                                boolean same = rows.size() == 1
                                        && pkg.contentHash().equals(rows.iterator().next().getString(0));
                                if (same) {
                                    return latestVersions(conn, tenant, appKey).map(v -> Map.entry(false, v));
                                }
                                return conn.preparedQuery(
                                        "insert into app_package (tenant_id, app_key, version, content_hash,"
                                                + " definition, synced_at) values ($1, $2, $3, $4, $5::text::jsonb, now())"
                                                + " on conflict (tenant_id, app_key) do update set version = excluded.version,"
                                                + " content_hash = excluded.content_hash, definition = excluded.definition,"
                                                + " synced_at = now()")
                                        .execute(Tuple.of(tenant, appKey, pkg.app().version(), pkg.contentHash(),
                                                appJson.toString()))
                                        .flatMap(x -> latestFormHashes(conn, tenant, appKey))
                                        .flatMap(latest -> publishForms(conn, tenant, pkg, latest))
                                        .map(v -> Map.entry(true, v));
                            }));
        }).map(e -> {
            if (e.getKey()) {
                LOG.infof("TW-APP-001 installed app '%s' %s in tenant '%s'", appKey, pkg.app().version(), tenant);
            }
            return e.getValue();
        }).await().atMost(DB_WAIT);
        publish(tenant, appKey, pkg.app().version(), pkg.contentHash(), appJson, pkg.forms(), versions);
        flows.install(tenant, pkg);
    }

    /** The roles an app declares become roles of the tenant (existing ones are left as they are). */
    private static io.smallrye.mutiny.Uni<Void> ensureRoles(SqlConnection conn, String tenant, AppPackage pkg) {
        return io.tradewind.runtime.org.Roles.ensureRoles(conn, tenant, pkg.app().roles().stream()
                .map(r -> new io.tradewind.runtime.org.Roles.Declared(r.key(), r.label() == null
                        ? r.key()
                        : r.label().text("en")))
                .toList());
    }

    private record Latest(int version, String hash) {
    }

    private io.smallrye.mutiny.Uni<Map<String, Latest>> latestFormHashes(SqlConnection conn, String tenant,
            String app) {
        return conn.preparedQuery("select distinct on (form_key) form_key, version, content_hash from form_definition"
                + " where tenant_id = $1 and app_key = $2 order by form_key, version desc")
                .execute(Tuple.of(tenant, app)).map(rows -> {
                    Map<String, Latest> out = new LinkedHashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString(0), new Latest(r.getInteger(1), r.getString(2)));
                    }
                    return out;
                });
    }

    private io.smallrye.mutiny.Uni<Map<String, Integer>> latestVersions(SqlConnection conn, String tenant,
            String app) {
        return latestFormHashes(conn, tenant, app).map(m -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v.version()));
            return out;
        });
    }

    private io.smallrye.mutiny.Uni<Map<String, Integer>> publishForms(SqlConnection conn, String tenant,
            AppPackage pkg, Map<String, Latest> latest) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        Map<String, Integer> published = new LinkedHashMap<>();
        List<Tuple> inserts = new ArrayList<>();
        for (FormDefinition form : pkg.forms().values()) {
            String json = json(form);
            String hash = sha256(json);
            Latest l = latest.get(form.key());
            if (l != null && l.hash().equals(hash)) {
                versions.put(form.key(), l.version());
            } else {
                int v = l == null ? 1 : l.version() + 1;
                versions.put(form.key(), v);
                published.put(form.key(), v);
                inserts.add(Tuple.of(tenant, pkg.app().key(), form.key(), v, hash, json));
            }
        }
        if (inserts.isEmpty()) {
            return io.smallrye.mutiny.Uni.createFrom().item(versions);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", pkg.app().version());
        detail.put("contentHash", pkg.contentHash());
        detail.put("forms", published);
        return conn.preparedQuery("insert into form_definition (tenant_id, app_key, form_key, version, content_hash,"
                + " definition) values ($1, $2, $3, $4, $5, $6::text::jsonb)").executeBatch(inserts)
                .flatMap(x -> audit.write(conn, new AuditLog.Entry(tenant, null, "tradewind", "definition.publish",
                        "app", pkg.app().key(), null, detail), java.time.Instant.now()))
                .replaceWith(versions);
    }

    /** Publishes the last version a tenant had of a package that no longer loads, if it had one. */
    private void fallBack(String tenant, String appKey) {
        Row app = pool.preparedQuery("select version, content_hash, definition::text from app_package"
                + " where tenant_id = $1 and app_key = $2").execute(Tuple.of(tenant, appKey))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next()).await().atMost(DB_WAIT);
        if (app == null) {
            return;
        }
        List<Row> forms = pool.preparedQuery("select distinct on (form_key) form_key, version, definition::text"
                + " from form_definition where tenant_id = $1 and app_key = $2 order by form_key, version desc")
                .execute(Tuple.of(tenant, appKey)).map(rows -> {
                    List<Row> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                }).await().atMost(DB_WAIT);
        var parsedApp = DefinitionParser.parseApp(app.getString(2), "app.json");
        if (parsedApp.value() == null) {
            LOG.errorf("TW-APP-003 app '%s' of tenant '%s' has no usable stored version either", appKey, tenant);
            return;
        }
        Map<String, FormDefinition> defs = new LinkedHashMap<>();
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (Row r : forms) {
            var parsed = DefinitionParser.parseForm(r.getString(2), "forms/" + r.getString(0) + ".form.json");
            if (parsed.value() == null) {
                LOG.errorf("TW-APP-003 stored form '%s/%s' no longer parses: %s", appKey, r.getString(0),
                        parsed.problems());
                return;
            }
            defs.put(r.getString(0), parsed.value());
            versions.put(r.getString(0), r.getInteger(1));
        }
        JsonNode appJson = mapper.valueToTree(parsedApp.value());
        publish(tenant, appKey, app.getString(0), app.getString(1), appJson, defs, versions);
        flows.installStored(tenant, appKey);
        LOG.warnf("TW-APP-003 tenant '%s' keeps app '%s' %s, its last good version", tenant, appKey,
                app.getString(0));
    }

    private void publish(String tenant, String appKey, String version, String hash, JsonNode appJson,
            Map<String, FormDefinition> forms, Map<String, Integer> versions) {
        SortedMap<String, CompiledForm> compiled = new TreeMap<>();
        for (FormDefinition f : forms.values()) {
            compiled.put(f.key(), compiler.compile(appKey, versions.getOrDefault(f.key(), 1), f));
        }
        // reports and dashboards come with the package loaded from disk (a stored fallback has none)
        AppPackage pkg = packages.get(appKey);
        registry.publish(tenant, new AppRegistry.InstalledApp(appKey, version, hash, appJson, compiled,
                pkg == null ? Map.of() : pkg.reports(), pkg == null ? Map.of() : pkg.dashboards()));
    }

    private void ensureUniqueIndexes(AppPackage pkg) {
        for (FormDefinition f : pkg.forms().values()) {
            for (FormCompiler.UniqueIndex u : FormCompiler.uniqueIndexes(pkg.app().key(), f)) {
                pool.query(u.ddl()).execute().await().atMost(DB_WAIT);
            }
        }
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String s) {
        return io.tradewind.runtime.support.Hashes.sha256Hex(s, 32);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
