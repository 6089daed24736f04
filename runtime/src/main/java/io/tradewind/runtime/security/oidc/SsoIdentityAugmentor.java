package io.tradewind.runtime.security.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tradewind.runtime.security.TradewindPrincipal;

/**
 * Turns an identity verified by quarkus-oidc (its principal is the access token) into a Tradewind
 * identity whose principal is a {@link TradewindPrincipal}; identities of built-in tokens and API
 * keys pass through untouched.
 */
@ApplicationScoped
public class SsoIdentityAugmentor implements SecurityIdentityAugmentor {
    @Inject
    OidcSettings settings;
    @Inject
    SsoAccounts accounts;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(() -> SsoClaims.of(token, settings)).flatMap(accounts::signIn).map(p -> {
            QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(p).addRoles(p.roles());
            AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
            if (credential != null) {
                b.addCredential(credential);
            }
            return b.build();
        });
    }
}
