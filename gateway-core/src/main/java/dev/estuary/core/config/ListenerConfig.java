package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.InetSocketAddress;

/**
 * One MQTT listener ({@code listeners.tcp}, {@code listeners.ws}, {@code listeners.ssl}, {@code listeners.wss}).
 *
 * @param enabled        start this listener. TLS listeners start only when {@code tls.certfile} and
 *                       {@code tls.keyfile} are set.
 * @param bind           {@code host:port} or just a port; port 0 picks a free port (tests).
 * @param path           WebSocket path (ws and wss only). {@code /mqtt}.
 * @param proxyProtocol  expect a PROXY protocol v1/v2 header first (behind a load balancer). false.
 * @param maxConnections most simultaneous connections on this listener. 1000000.
 * @param maxConnRate    new connections accepted per second; above it the listener pauses accepting (clients wait
 *                       in the backlog). 0 = no limit.
 * @param messagesRate   PUBLISH packets per second each client may send; above it the gateway stops reading from
 *                       that client until the rate is back under the limit. 0 = no limit.
 * @param bytesRate      bytes per second each client may send, enforced the same way. 0 = no limit.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ListenerConfig(Boolean enabled, String bind, String path, Boolean proxyProtocol,
                             Integer maxConnections, Double maxConnRate, Double messagesRate, ByteSize bytesRate) {

    public ListenerConfig {
        enabled = Check.bool(enabled, true);
        if (path == null) {
            path = "/mqtt";
        } else if (!path.startsWith("/")) {
            throw new ConfigException("path", "must start with '/' (was '" + path + "')");
        }
        proxyProtocol = Check.bool(proxyProtocol, false);
        maxConnections = Check.intIn("max_connections", maxConnections, 1_000_000, 1, Integer.MAX_VALUE);
        maxConnRate = Check.doubleIn("max_conn_rate", maxConnRate, 0, 0, 1_000_000);
        messagesRate = Check.doubleIn("messages_rate", messagesRate, 0, 0, 1_000_000);
        bytesRate = Check.size("bytes_rate", bytesRate, ByteSize.of(0), 0, 1L << 40);
        if (bind != null) {
            parseBind(bind);
        }
    }

    /** Without rate limits (the shape most tests use). */
    public ListenerConfig(Boolean enabled, String bind, String path, Boolean proxyProtocol, Integer maxConnections) {
        this(enabled, bind, path, proxyProtocol, maxConnections, null, null, null);
    }

    /** A listener on {@code bind} with the other keys at their defaults. */
    public static ListenerConfig at(String bind) {
        return new ListenerConfig(null, bind, null, null, null);
    }

    public ListenerConfig withBind(String newBind) {
        return new ListenerConfig(enabled, newBind, path, proxyProtocol, maxConnections, maxConnRate, messagesRate,
                bytesRate);
    }

    public ListenerConfig withEnabled(boolean on) {
        return new ListenerConfig(on, bind, path, proxyProtocol, maxConnections, maxConnRate, messagesRate,
                bytesRate);
    }

    public ListenerConfig withProxyProtocol(boolean on) {
        return new ListenerConfig(enabled, bind, path, on, maxConnections, maxConnRate, messagesRate, bytesRate);
    }

    /** The same listener with rate limits (0 = none): connections/s, messages/s and bytes/s per client. */
    public ListenerConfig withRates(double connRate, double messagesPerSecond, long bytesPerSecond) {
        return new ListenerConfig(enabled, bind, path, proxyProtocol, maxConnections, connRate, messagesPerSecond,
                ByteSize.of(bytesPerSecond));
    }

    public InetSocketAddress address() {
        return parseBind(bind);
    }

    static InetSocketAddress parseBind(String bind) {
        String b = bind.trim();
        String host = "0.0.0.0";
        String port = b;
        int colon = b.lastIndexOf(':');
        if (colon >= 0) {
            host = b.substring(0, colon);
            port = b.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new ConfigException("bind", "port must be 0..65535 (was " + p + ")");
            }
            return new InetSocketAddress(host, p);
        } catch (NumberFormatException e) {
            throw new ConfigException("bind", "expected host:port or port (was '" + bind + "')");
        }
    }
}
