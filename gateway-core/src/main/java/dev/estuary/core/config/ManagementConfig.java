package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.InetSocketAddress;

/**
 * The HTTP management API and the Prometheus endpoint (the {@code management:} section). Every request needs
 * credentials (an API key, or a superuser's name and password); the API listens on the loopback interface unless
 * told otherwise.
 *
 * @param enabled      start the management API. true.
 * @param bind         {@code host:port} or a port. {@code 127.0.0.1:18083}; a non-loopback address exposes the API
 *                     to the network (still only with credentials).
 * @param localKeyFile     at start, create an API key for this machine and write it to {@code {data_dir}/api_key}
 *                     (readable by the gateway's user only), so that {@code estuary ctl} on the same host needs no
 *                     set-up. true.
 * @param metricsAuth  whether {@code /metrics} needs credentials too. true; false lets a Prometheus server scrape
 *                     without them.
 * @param maxBodySize  largest request body accepted. 1MB.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ManagementConfig(Boolean enabled, String bind, Boolean localKeyFile, Boolean metricsAuth,
                               ByteSize maxBodySize) {
    public static final ManagementConfig DEFAULTS = new ManagementConfig(null, null, null, null, null);

    public ManagementConfig {
        enabled = Check.bool(enabled, true);
        bind = Check.or(bind, "127.0.0.1:18083");
        ListenerConfig.parseBind(bind);
        localKeyFile = Check.bool(localKeyFile, true);
        metricsAuth = Check.bool(metricsAuth, true);
        maxBodySize = Check.size("max_body_size", maxBodySize, ByteSize.of(1024 * 1024), 1024, 256L * 1024 * 1024);
    }

    public InetSocketAddress address() {
        return ListenerConfig.parseBind(bind);
    }

    public ManagementConfig withBind(String b) {
        return new ManagementConfig(enabled, b, localKeyFile, metricsAuth, maxBodySize);
    }

    public ManagementConfig withEnabled(boolean on) {
        return new ManagementConfig(on, bind, localKeyFile, metricsAuth, maxBodySize);
    }

    public ManagementConfig withMetricsAuth(boolean on) {
        return new ManagementConfig(enabled, bind, localKeyFile, on, maxBodySize);
    }
}
