package io.tradewind.runtime.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns a bearer token into a {@link SecurityIdentity} whose principal is a
 * {@link TradewindPrincipal}: an API key ({@code twk_…}, see {@link ApiKeys}) or a session access
 * token ({@link TokenStore}).
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    @Inject
    TokenStore tokens;
    @Inject
    ApiKeys apiKeys;
    @Inject
    CurrentVertxRequest currentRequest;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext ctx) {
        if (request.getToken() instanceof AccessTokenCredential) {
            return Uni.createFrom().nullItem(); // an SSO token, verified by quarkus-oidc's provider
        }
        String token = request.getToken().getToken();
        Uni<TradewindPrincipal> principal = token.startsWith(ApiKeys.PREFIX)
                ? apiKeys.authenticate(token, sourceIp(request))
                : tokens.authenticate(token);
        return principal.map(p -> {
            if (p == null) {
                throw new AuthenticationFailedException("token not valid");
            }
            return QuarkusSecurityIdentity.builder().setPrincipal(p).addRoles(p.roles()).build();
        });
    }

    /**
     * The caller's address for the audit trail: from the request attached to the authentication
     * request, else from the current request.
     */
    private String sourceIp(TokenAuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc == null) {
            try {
                rc = currentRequest.getCurrent();
            } catch (ContextNotActiveException e) {
                rc = null;
            }
        }
        return rc == null || rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
    }
}
