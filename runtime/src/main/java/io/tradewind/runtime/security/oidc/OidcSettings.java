package io.tradewind.runtime.security.oidc;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Single sign-on with an OpenID Connect provider (Keycloak). Off unless {@link #url()} is set;
 * every property can be given as an environment variable, e.g.
 * {@code TRADEWIND_OIDC_CLAIMS_TENANT}.
 */
@ConfigMapping(prefix = "tradewind.oidc")
public interface OidcSettings {

    /**
     * The issuer URL of the realm, e.g. {@code https://sso.example.com/realms/tradewind}
     * ({@code TRADEWIND_OIDC_URL}); setting it switches SSO on.
     */
    Optional<String> url();

    /** The client id Tradewind is registered under in the realm. */
    @WithDefault("tradewind")
    String clientId();

    /** The audience an access token must name; defaults to {@link #clientId()}. */
    Optional<String> audience();

    /** The tenant a token is mapped to when it carries no tenant claim. */
    @WithDefault("default")
    String defaultTenant();

    /** Which claims of the access token carry the caller's facts. */
    Claims claims();

    /** Claim names; a dotted name such as {@code realm_access.roles} walks into nested objects. */
    interface Claims {
        /** The claim with the tenant id. */
        @WithDefault("tenant")
        String tenant();

        /** The claim with the list of role keys; roles the tenant does not define are ignored. */
        @WithDefault("realm_access.roles")
        String roles();

        /** The claim with the department, matched against a department's id or name in the tenant. */
        @WithDefault("department")
        String department();

        /** The claim with the username shown in Tradewind and recorded in the audit log. */
        @WithDefault("preferred_username")
        String username();
    }

    /** True when single sign-on is configured. */
    default boolean enabled() {
        return url().filter(u -> !u.isBlank()).isPresent();
    }
}
