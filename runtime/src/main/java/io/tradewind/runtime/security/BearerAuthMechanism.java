package io.tradewind.runtime.security;

import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.security.oidc.OidcSettings;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads {@code Authorization: Bearer <token>} and hands the token to
 * {@link BearerIdentityProvider}. With single sign-on on, a JWT is left to quarkus-oidc's
 * mechanism, which runs next (this one has the higher priority; ADR 0008).
 */
@ApplicationScoped
public class BearerAuthMechanism implements HttpAuthenticationMechanism {
    /** Three base64url parts: a JSON Web Token (signed or, to be refused by quarkus-oidc, unsigned). */
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    @Inject
    OidcSettings oidc;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().nullItem();
        }
        String token = header.substring(7).trim();
        if (oidc.enabled() && JWT.matcher(token).matches()) {
            return Uni.createFrom().nullItem();
        }
        if (token.isEmpty() || token.length() > 200) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(new TokenAuthenticationRequest(new TokenCredential(token,
                "bearer")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
