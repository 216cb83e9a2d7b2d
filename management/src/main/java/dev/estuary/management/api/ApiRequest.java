package dev.estuary.management.api;

import java.util.List;
import java.util.Map;

/**
 * One API request, decoded: method, path, path parameters (percent-decoded), query parameters, body and who made
 * it.
 *
 * @param method     GET, POST, PUT, DELETE
 * @param path       the path without the query
 * @param params     path parameters by name
 * @param query      query parameters by name (all values)
 * @param body       the body bytes (empty when none)
 * @param principal  the API key or admin user that authenticated, or null for open routes
 */
public record ApiRequest(String method, String path, Map<String, String> params, Map<String, List<String>> query,
                         byte[] body, String principal) {

    /** A path parameter (always present for a matched route). */
    public String param(String name) {
        return params.get(name);
    }

    /** The last value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** An integer query parameter within bounds, or {@code def} when absent. */
    public int intQuery(String name, int def, int min, int max) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw ApiException.badRequest("query parameter '" + name + "' must be between " + min + " and "
                        + max + " (was " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an integer (was '" + v + "')");
        }
    }

    /** A boolean query parameter ({@code true}/{@code false}), or null when absent. */
    public Boolean boolQuery(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiException.badRequest("query parameter '" + name + "' must be true or false (was '" + v + "')");
    }

    /** The body as {@code type}, strictly (see {@link Bodies#read}). */
    public <T> T body(Class<T> type) {
        return Bodies.read(body, type);
    }
}
