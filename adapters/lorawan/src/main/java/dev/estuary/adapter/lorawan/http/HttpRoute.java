package dev.estuary.adapter.lorawan.http;

/**
 * A path served by the HTTP listener.
 *
 * @param path     the URL path
 * @param name     the network server's name (for logs)
 * @param secret   the shared secret requests must carry
 * @param endpoint what handles authentic requests
 */
public record HttpRoute(String path, String name, SharedSecret secret, HttpEndpoint endpoint) {
}
