package io.tradewind.runtime.security.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Keycloak server (the {@code keycloak-quarkus-dist} the build unpacks into
 * {@code target/keycloak}) for the SSO tests. It imports two realms made from the shipped
 * {@code deploy/keycloak/tradewind-realm.json}: {@code tradewind} with test users and direct access
 * grants, and {@code other}, an unrelated realm with the same users and its own keys. Runs on free
 * ports with an in-memory database on the JDK that runs the tests, and is stopped afterwards.
 */
public class KeycloakServer implements QuarkusTestResourceLifecycleManager {
    /** Password of every test user. */
    public static final String PASSWORD = "kc-test-Pa55";
    /** Client whose access tokens live {@link #SHORT_LIFESPAN_SECONDS} seconds. */
    public static final String SHORT_CLIENT = "tradewind-short";
    public static final int SHORT_LIFESPAN_SECONDS = 3;
    /**
     * Client of the same realm whose tokens are not meant for Tradewind (no {@code tradewind}
     * audience).
     */
    public static final String STRANGER_CLIENT = "stranger";
    /** Department id that the user {@code erin} carries in her token. */
    public static final String ERIN_DEPARTMENT = "6f1c2a52-8a49-4c1e-9d0e-3f5b2a1c7d90";
    private static final Duration START_DEADLINE = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Process process;

    @Override
    public Map<String, String> start() {
        Path home = distribution();
        int port = freePort();
        try {
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            try (Stream<Path> old = Files.list(imports)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            ObjectNode realm = testRealm();
            JSON.writeValue(imports.resolve("tradewind.json").toFile(), realm);
            JSON.writeValue(imports.resolve("other.json").toFile(), realm.deepCopy().put("realm", "other"));
            Path log = home.resolve("keycloak-test.log");
            ProcessBuilder pb = new ProcessBuilder("bash", "bin/kc.sh", "start-dev", "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    "--http-management-port=" + freePort(), "--import-realm", "--db=dev-mem",
                    "--health-enabled=false", "--metrics-enabled=false")
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            process = pb.start();
            String url = "http://127.0.0.1:" + port + "/realms/tradewind";
            awaitReady(url + "/.well-known/openid-configuration", log);
            return Map.of("tradewind.oidc.url", url);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        process = null;
    }

    /** The shipped realm, made testable: password grants, test users, a short-lived client. */
    static ObjectNode testRealm() throws IOException {
        ObjectNode realm = (ObjectNode) JSON.readTree(Path.of("..", "deploy", "keycloak", "tradewind-realm.json")
                .toFile());
        ObjectNode client = (ObjectNode) realm.withArray("clients").get(0);
        client.put("directAccessGrantsEnabled", true);
        ObjectNode shortClient = client.deepCopy();
        shortClient.put("clientId", SHORT_CLIENT).put("name", "Short-lived tokens (tests)");
        ((ObjectNode) shortClient.with("attributes")).put("access.token.lifespan",
                String.valueOf(SHORT_LIFESPAN_SECONDS));
        realm.withArray("clients").add(shortClient);
        ObjectNode stranger = client.deepCopy();
        stranger.put("clientId", STRANGER_CLIENT).put("name", "Another application of the realm (tests)");
        ArrayNode mappers = stranger.putArray("protocolMappers");
        client.withArray("protocolMappers").forEach(m -> {
            if (!"oidc-audience-mapper".equals(m.path("protocolMapper").asText())) {
                mappers.add(m.deepCopy());
            }
        });
        realm.withArray("clients").add(stranger);
        // a realm role that no app declares, so no tenant has it until a test creates it
        realm.with("roles").withArray("realm").addObject().put("name", "partner_liaison")
                .put("description", "Test role no tenant defines");
        ArrayNode users = realm.putArray("users");
        users.add(user("ana", "default", "Sales", "sales_rep", "partner_liaison"));
        users.add(user("bob", "default", null, "sales_rep"));
        users.add(user("carol", "nowhere", null, "sales_rep"));
        users.add(user("admin", "default", null, "admin"));
        users.add(user("dave", "closed", null, "sales_rep"));
        users.add(user("erin", "default", ERIN_DEPARTMENT, "sales_rep"));
        return realm;
    }

    private static ObjectNode user(String name, String tenant, String department, String... roles) {
        ObjectNode u = JSON.createObjectNode().put("username", name).put("enabled", true).put("emailVerified", true)
                .put("email", name + "@example.invalid").put("firstName", name).put("lastName", "Test");
        ObjectNode attributes = u.putObject("attributes");
        attributes.putArray("tenant").add(tenant);
        if (department != null) {
            attributes.putArray("department").add(department);
        }
        u.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
        ArrayNode realmRoles = u.putArray("realmRoles");
        for (String r : roles) {
            realmRoles.add(r);
        }
        return u;
    }

    private void awaitReady(String url, Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            process.toHandle().onExit().completeOnTimeout(null, 500, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .join();
        }
        stop();
        throw new IllegalStateException("Keycloak did not become ready within " + START_DEADLINE + ":\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Path distribution() {
        Path dir = Path.of("target", "keycloak");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Keycloak in " + dir.toAbsolutePath()));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is unpacked into " + dir.toAbsolutePath()
                    + " by the build (maven-dependency-plugin, generate-test-resources); run the tests with Maven", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
