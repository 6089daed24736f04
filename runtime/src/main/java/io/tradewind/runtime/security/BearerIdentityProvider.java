package io.tradewind.runtime.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into a {@link SecurityIdentity} whose principal is a
 * {@link TradewindPrincipal}.
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    @Inject
    TokenStore tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext ctx) {
        if (request.getToken() instanceof AccessTokenCredential) {
            return Uni.createFrom().nullItem(); // an SSO token, verified by quarkus-oidc's provider
        }
        return tokens.authenticate(request.getToken().getToken()).map(p -> {
            if (p == null) {
                throw new AuthenticationFailedException("token not valid");
            }
            return QuarkusSecurityIdentity.builder().setPrincipal(p).addRoles(p.roles()).build();
        });
    }
}
