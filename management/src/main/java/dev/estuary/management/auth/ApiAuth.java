package dev.estuary.management.auth;

import dev.estuary.management.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a request comes from. Credentials travel as HTTP Basic authentication: an API key ({@code name:secret}) or a
 * superuser's name and password ({@code estuary users add NAME --superuser}). {@code Authorization: Bearer
 * name:secret} is accepted for API keys too. Anything else is answered 401 with a {@code WWW-Authenticate}
 * challenge. API keys are tried first, so a user and a key of the same name do not shadow each other's
 * credentials.
 */
public final class ApiAuth {
    private static final Logger LOG = LoggerFactory.getLogger(ApiAuth.class);

    private final ApiKeys keys;
    private final AdminLogins admins;

    /** @param admins superuser logins, or null when only API keys are accepted */
    public ApiAuth(ApiKeys keys, AdminLogins admins) {
        this.keys = keys;
        this.admins = admins;
    }

    /**
     * The principal ({@code key:NAME} or {@code user:NAME}) of an {@code Authorization} header.
     *
     * @throws ApiException 401 when it is missing or wrong
     */
    public String authenticate(String authorization, String peer) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("credentials required (an API key or a superuser, as HTTP Basic authentication)");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        String scheme = parts[0];
        String value = parts.length > 1 ? parts[1] : "";
        String credentials;
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                credentials = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw unauthorized("malformed Basic credentials");
            }
        } else if (scheme.equalsIgnoreCase("Bearer")) {
            credentials = value;
        } else {
            throw unauthorized("unsupported authorization scheme '" + scheme + "' (use Basic)");
        }
        int colon = credentials.indexOf(':');
        if (colon <= 0) {
            throw unauthorized("credentials must be name:secret");
        }
        String name = credentials.substring(0, colon);
        String secret = credentials.substring(colon + 1);
        if (keys.verify(name, secret)) {
            return "key:" + name;
        }
        if (scheme.equalsIgnoreCase("Basic") && admins != null && admins.verify(name, secret)) {
            return "user:" + name;
        }
        LOG.info("management API: refused credentials for '{}' from {}", name, peer);
        throw unauthorized("wrong credentials, or not an API key or a superuser");
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "UNAUTHORIZED", message);
    }
}
