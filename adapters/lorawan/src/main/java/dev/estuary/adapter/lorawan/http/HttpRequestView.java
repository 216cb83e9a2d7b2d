package dev.estuary.adapter.lorawan.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What an endpoint sees of a request (no Netty types, so endpoints are plain objects).
 *
 * @param path        the URL path
 * @param query       query parameters
 * @param headers     a header lookup (case-insensitive)
 * @param contentType the Content-Type without parameters, lowercase, or null
 * @param body        the request body
 * @param remote      the peer
 */
public record HttpRequestView(String path, Map<String, List<String>> query, HeaderLookup headers,
                              String contentType, byte[] body, InetSocketAddress remote) {

    /** A query parameter's first value, or null. */
    public String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Case-insensitive header access. */
    @FunctionalInterface
    public interface HeaderLookup {
        String get(String name);
    }
}
