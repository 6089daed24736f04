package io.tradewind.runtime.boot;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** Tells the person who ran {@code ./tradewind start} where Tradewind is and how to sign in. */
@Singleton
public class ReadyBanner {
    @ConfigProperty(name = "quarkus.http.port")
    int port;

    void onStart(@Observes @Priority(10_000) StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.TEST) {
            return;
        }
        String url = "http://localhost:" + port;
        System.out.println();
        System.out.println("  Tradewind is ready at " + url);
        System.out.println(
                "  Sign in as 'admin' (password: TRADEWIND_ADMIN_PASSWORD, or the one printed at the first start):");
        System.out.println("    curl -s " + url + "/api/auth/token -H 'Content-Type: application/json' \\");
        System.out.println("      -d '{\"username\": \"admin\", \"password\": \"...\"}'");
        System.out.println("  API description: " + url + "/q/openapi   Apps: " + url + "/api/apps");
        System.out.println();
    }
}
