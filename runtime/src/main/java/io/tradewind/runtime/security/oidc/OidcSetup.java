package io.tradewind.runtime.security.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;

/**
 * Creates quarkus-oidc's default tenant from {@link OidcSettings} when SSO is configured. Without
 * {@code TRADEWIND_OIDC_URL} the tenant stays disabled ({@code quarkus.oidc.tenant-enabled=false}),
 * so quarkus-oidc authenticates nothing and built-in accounts work as before.
 */
@ApplicationScoped
public class OidcSetup {
    private static final Logger LOG = Logger.getLogger(OidcSetup.class);

    void createTenant(@Observes Oidc oidc, OidcSettings settings) {
        if (!settings.enabled()) {
            return;
        }
        String url = settings.url().orElseThrow();
        oidc.create(OidcTenantConfig.authServerUrl(url)
                .clientId(settings.clientId())
                .applicationType(ApplicationType.SERVICE)
                .token()
                .audience(settings.audience().orElse(settings.clientId()))
                .allowOpaqueTokenIntrospection(false)
                .allowJwtIntrospection(false)
                .end()
                .build());
        LOG.infof("TW-SEC-020 single sign-on enabled: bearer JWTs from %s (client %s) are accepted", url,
                settings.clientId());
    }
}
