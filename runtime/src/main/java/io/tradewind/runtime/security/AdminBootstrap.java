package io.tradewind.runtime.security;

import java.security.SecureRandom;
import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * On first start, creates the {@code admin} account of the default tenant with
 * {@code TRADEWIND_ADMIN_PASSWORD}, or a generated password that is printed once.
 */
@Singleton
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @Inject
    Accounts accounts;
    @ConfigProperty(name = "tradewind.admin-password")
    java.util.Optional<String> configuredPassword;
    @ConfigProperty(name = "quarkus.http.port")
    int port;

    void onStart(@Observes @Priority(100) StartupEvent event) {
        boolean generated = configuredPassword.map(String::isBlank).orElse(true);
        String password = generated ? generate() : configuredPassword.get();
        boolean created = accounts.bootstrapAdmin("default", password).await().atMost(Duration.ofSeconds(60));
        if (created) {
            LOG.infof("TW-SEC-001 created the first admin account 'admin' of tenant 'default'");
            if (generated) {
                System.out.println();
                System.out.println("  First admin account created. Username: admin   Password: " + password);
                System.out.println("  This password is shown only once. Set TRADEWIND_ADMIN_PASSWORD to choose it.");
                System.out.println();
            }
        }
    }

    private static String generate() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
