package dev.estuary.management.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps method and path to a {@link Route}. Templates are written as in the OpenAPI document
 * ({@code /api/v1/clients/{clientid}}); each {@code {name}} matches one path segment, percent-decoded (a client id
 * with a {@code /} is sent as {@code %2F}); a template ending in {@code {name*}} matches the rest of the path
 * (retained topics). A path that matches a template with another method answers 405.
 */
public final class Router {
    private final List<Entry> entries = new ArrayList<>();

    /** One registered route. */
    public record Entry(String method, String template, boolean open, Route route) {
        /** The template as the OpenAPI document writes it ({@code {topic*}} becomes {@code {topic}}). */
        public String openApiPath() {
            return template.replace("*}", "}");
        }
    }

    /** What a lookup found. */
    public record Match(Entry entry, Map<String, String> params) {
    }

    /** Adds a route that needs credentials. */
    public Router add(String method, String template, Route route) {
        entries.add(new Entry(method, template, false, route));
        return this;
    }

    /** Adds a route open to everyone (the OpenAPI document; {@code /metrics} when so configured). */
    public Router addOpen(String method, String template, Route route) {
        entries.add(new Entry(method, template, true, route));
        return this;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Finds the route for a request.
     *
     * @throws ApiException 404 when no template matches the path, 405 when only other methods do
     */
    public Match find(String method, String path) {
        boolean pathMatched = false;
        for (Entry e : entries) {
            Map<String, String> params = match(e.template(), path);
            if (params != null) {
                if (e.method().equals(method)) {
                    return new Match(e, params);
                }
                pathMatched = true;
            }
        }
        if (pathMatched) {
            throw new ApiException(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path);
        }
        throw ApiException.notFound("no such endpoint: " + path + " (the API is described at /api/v1/openapi.json)");
    }

    /** The parameters if {@code path} matches {@code template}, else null. */
    static Map<String, String> match(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < t.length; i++) {
            String seg = t[i];
            if (seg.startsWith("{") && seg.endsWith("*}")) {
                if (i >= p.length) {
                    return null;
                }
                String rest = String.join("/", java.util.Arrays.copyOfRange(p, i, p.length));
                if (rest.isEmpty()) {
                    return null;
                }
                params.put(seg.substring(1, seg.length() - 2), decode(rest));
                return params;
            }
            if (i >= p.length) {
                return null;
            }
            if (seg.startsWith("{") && seg.endsWith("}")) {
                if (p[i].isEmpty()) {
                    return null;
                }
                params.put(seg.substring(1, seg.length() - 1), decode(p[i]));
            } else if (!seg.equals(p[i])) {
                return null;
            }
        }
        return t.length == p.length ? params : null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad percent-encoding in the path: " + s);
        }
    }
}
