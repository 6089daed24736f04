package io.tradewind.runtime.security.oidc;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;

/**
 * The facts a verified SSO access token states about its caller, read through the configured claim
 * names.
 *
 * @param subject
 *            the provider's stable id of the user ({@code sub})
 * @param tenantId
 *            the tenant claim, or the configured default tenant
 * @param username
 *            the username claim
 * @param roles
 *            the role keys the token grants (not yet checked against the tenant's roles)
 * @param department
 *            the department id or name, or null
 */
public record SsoClaims(String subject, String tenantId, String username, Set<String> roles, String department) {
    private static final Logger LOG = Logger.getLogger(SsoClaims.class);
    private static final Pattern TENANT = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public SsoClaims {
        roles = Set.copyOf(roles);
    }

    /**
     * Reads the claims of {@code token}; a token lacking a usable subject, tenant or username is
     * refused.
     */
    public static SsoClaims of(JsonWebToken token, OidcSettings settings) {
        OidcSettings.Claims names = settings.claims();
        String subject = token.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 255) {
            throw refused("the token has no usable subject");
        }
        String tenant = text(token, names.tenant());
        if (tenant == null) {
            tenant = settings.defaultTenant();
        }
        if (!TENANT.matcher(tenant).matches()) {
            throw refused("the tenant claim is not a tenant id");
        }
        String username = text(token, names.username());
        if (username == null || username.length() > 200) {
            throw refused("the token has no usable username claim '" + names.username() + "'");
        }
        Set<String> roles = new LinkedHashSet<>();
        if (claim(token, names.roles()) instanceof Collection<?> values) {
            for (Object v : values) {
                String role = v instanceof JsonString s ? s.getString() : v instanceof String s ? s : null;
                if (role != null && ROLE.matcher(role).matches()) {
                    roles.add(role);
                }
            }
        }
        String department = text(token, names.department());
        return new SsoClaims(subject, tenant, username, roles,
                department == null || department.length() > 200 ? null : department);
    }

    /**
     * A claim by dotted path; nested objects and arrays come as JSON-P values (both are Maps and
     * Lists).
     */
    private static Object claim(JsonWebToken token, String path) {
        String[] parts = path.split("\\.");
        Object value = token.getClaim(parts[0]);
        for (int i = 1; i < parts.length && value != null; i++) {
            value = value instanceof JsonObject o
                    ? o.get(parts[i])
                    : value instanceof Map<?, ?> m ? m.get(parts[i]) : null;
        }
        return value;
    }

    private static String text(JsonWebToken token, String path) {
        Object v = claim(token, path);
        String s = v instanceof JsonString js ? js.getString() : v instanceof String str ? str : null;
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * Logs and returns the refusal of a verified token ({@code TW-SEC-021}); the caller gets a plain
     * 401.
     */
    static AuthenticationFailedException refused(String why) {
        LOG.warnf("TW-SEC-021 SSO token refused: %s", why);
        return new AuthenticationFailedException("TW-SEC-021 SSO token refused: " + why);
    }
}
