package io.tradewind.runtime.security;

import static io.tradewind.runtime.security.TestAccounts.signIn;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tradewind.runtime.testing.Api;
import io.tradewind.runtime.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class LockoutTest {
    private static final String PASSWORD = "correct-horse-battery";

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        Api.asAdmin().body("{\"offset\":\"PT0S\"}").put("/api/admin/clock").then().statusCode(200);
    }

    @Test
    void fiveWrongPasswordsLockTheAccountUntilTheWindowPasses() {
        String name = TestAccounts.unique("lock");
        TestAccounts.user(pool, "default", name, PASSWORD);
        for (int i = 0; i < 5; i++) {
            signIn("default", name, "wrong-" + i).then().statusCode(401).body("code", equalTo("BAD_CREDENTIALS"));
        }
        // The right password is refused with exactly the answer a wrong one gets.
        signIn("default", name, PASSWORD).then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("BAD_CREDENTIALS"))
                .body("detail", equalTo("The username or password is not correct."));

        Api.asAdmin().body("{\"offset\":\"PT14M\"}").put("/api/admin/clock").then().statusCode(200);
        signIn("default", name, PASSWORD).then().statusCode(401);
        Api.asAdmin().body("{\"offset\":\"PT16M\"}").put("/api/admin/clock").then().statusCode(200);
        signIn("default", name, PASSWORD).then().statusCode(200);

        // The audit log tells what the answers hid.
        Api.asAdmin().queryParam("actor", name).queryParam("action", "auth.").get("/api/admin/audit")
                .then().statusCode(200)
                .body("items.action", hasItems("auth.sign-in", "auth.locked", "auth.sign-in-failed"))
                .body("items.detail.reason", hasItems("bad-password", "locked"))
                .body("items.sourceIp", hasItem("127.0.0.1"));
    }

    @Test
    void aSuccessfulSignInResetsTheCount() {
        String name = TestAccounts.unique("reset");
        TestAccounts.user(pool, "default", name, PASSWORD);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                signIn("default", name, "wrong").then().statusCode(401);
            }
            signIn("default", name, PASSWORD).then().statusCode(200);
        }
        assertEquals(0, failedLogins(name));
    }

    @Test
    void tenParallelWrongAttemptsStillLock() throws Exception {
        String name = TestAccounts.unique("race");
        TestAccounts.user(pool, "default", name, PASSWORD);
        ExecutorService threads = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(threads.submit(() -> signIn("default", name, "wrong").statusCode()));
            }
            for (Future<Integer> f : answers) {
                assertEquals(401, f.get());
            }
        } finally {
            threads.shutdown();
        }
        signIn("default", name, PASSWORD).then().statusCode(401);
        long locks = pool.preparedQuery("select count(*) from audit_log where action = 'auth.locked'"
                + " and actor_name = $1").execute(Tuple.of(name)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
        long failures = pool.preparedQuery("select count(*) from audit_log where action = 'auth.sign-in-failed'"
                + " and actor_name = $1").execute(Tuple.of(name)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
        assertEquals(1, locks, "exactly one attempt locks the account");
        assertEquals(11, failures, "every refused attempt is audited");
    }

    @Test
    void unknownUsernameAnswersExactlyLikeAWrongPassword() {
        String name = TestAccounts.unique("known");
        TestAccounts.user(pool, "default", name, PASSWORD);
        String wrongPassword = signIn("default", name, "wrong").then().statusCode(401).extract().asString();
        String unknownUser = signIn("default", TestAccounts.unique("ghost"), "wrong").then().statusCode(401)
                .extract().asString();
        assertEquals(wrongPassword, unknownUser);
        // An unknown name has no counter to lock; it is audited with the name tried.
        Api.asAdmin().queryParam("action", "auth.sign-in-failed").get("/api/admin/audit").then().statusCode(200)
                .body("items.detail.reason", hasItem("unknown-user"));
    }

    @Test
    void unknownTenantIsRefusedLikeAWrongPassword() {
        signIn("no-such-tenant", "admin", Api.ADMIN_PASSWORD).then().statusCode(401)
                .body("code", equalTo("BAD_CREDENTIALS"));
    }

    private int failedLogins(String name) {
        return pool.preparedQuery("select failed_logins from app_user where username = $1").execute(Tuple.of(name))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getInteger(0);
    }
}
