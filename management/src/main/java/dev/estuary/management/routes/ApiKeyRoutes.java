package dev.estuary.management.routes;

import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiRequest;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import dev.estuary.management.auth.ApiKey;
import dev.estuary.management.auth.ApiKeys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/api_keys}: list, create (the answer carries the secret, shown this once) and delete API keys.
 */
public final class ApiKeyRoutes {
    private ApiKeyRoutes() {
    }

    /** {@code POST /api/v1/api_keys}. */
    record NewKey(String name, String description, String expiresAt) {
        NewKey {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("field 'name' is required");
            }
        }
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/api_keys", req -> ApiResponse.ok(ctx.apiKeys().list().stream().map(ApiKeyRoutes::view)
                .toList()));
        r.add("POST", "/api/v1/api_keys", req -> create(ctx.apiKeys(), req));
        r.add("DELETE", "/api/v1/api_keys/{name}", req -> {
            if (!ctx.apiKeys().delete(req.param("name"))) {
                throw ApiException.notFound("no API key '" + req.param("name") + "'");
            }
            return ApiResponse.noContent();
        });
    }

    static Map<String, Object> view(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", k.name());
        m.put("description", k.description());
        m.put("created_at", Instant.ofEpochMilli(k.createdAtMillis()).toString());
        m.put("expires_at", k.expiresAtMillis() == 0 ? null : Instant.ofEpochMilli(k.expiresAtMillis()).toString());
        return m;
    }

    private static ApiResponse create(ApiKeys keys, ApiRequest req) {
        NewKey b = req.body(NewKey.class);
        long expires = 0;
        if (b.expiresAt() != null) {
            try {
                expires = Instant.parse(b.expiresAt()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("field 'expires_at': expected an ISO-8601 instant such as "
                        + "2030-01-01T00:00:00Z");
            }
        }
        if (keys.get(b.name()) != null) {
            throw ApiException.conflict("API key '" + b.name() + "' exists; delete it first");
        }
        ApiKeys.Created c;
        try {
            c = keys.create(b.name(), b.description(), expires);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Map<String, Object> out = view(c.key());
        out.put("secret", c.secret());
        out.put("credentials", c.credentials());
        return ApiResponse.created(out);
    }
}
