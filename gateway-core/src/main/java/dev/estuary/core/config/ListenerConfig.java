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
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ListenerConfig(Boolean enabled, String bind, String path, Boolean proxyProtocol,
                             Integer maxConnections) {

    public ListenerConfig {
        enabled = Check.bool(enabled, true);
        if (path == null) {
            path = "/mqtt";
        } else if (!path.startsWith("/")) {
            throw new ConfigException("path", "must start with '/' (was '" + path + "')");
        }
        proxyProtocol = Check.bool(proxyProtocol, false);
        maxConnections = Check.intIn("max_connections", maxConnections, 1_000_000, 1, Integer.MAX_VALUE);
        if (bind != null) {
            parseBind(bind);
        }
    }

    /** A listener on {@code bind} with the other keys at their defaults. */
    public static ListenerConfig at(String bind) {
        return new ListenerConfig(null, bind, null, null, null);
    }

    public ListenerConfig withBind(String newBind) {
        return new ListenerConfig(enabled, newBind, path, proxyProtocol, maxConnections);
    }

    public ListenerConfig withEnabled(boolean on) {
        return new ListenerConfig(on, bind, path, proxyProtocol, maxConnections);
    }

    public ListenerConfig withProxyProtocol(boolean on) {
        return new ListenerConfig(enabled, bind, path, on, maxConnections);
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
