package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.TcpConfig;
import dev.estuary.adapter.tcp.device.DownlinkTracker;
import dev.estuary.adapter.tcp.device.TcpMetrics;
import dev.estuary.adapter.tcp.sdk.VendorProtocol;
import dev.estuary.core.spi.AdapterContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every connection of one vendor listener shares: the vendor's protocol, the settings, the adapter context,
 * counters, and the reporting of bugs in the vendor's code (ERROR once per kind of failure, DEBUG afterwards).
 */
final class VendorServices {
    private static final Logger LOG = LoggerFactory.getLogger(VendorServices.class);

    final VendorProtocol<?> protocol;
    final String vendorId;
    final String pluginId;
    final String kind;
    final TcpConfig config;
    final TcpConfig.Vendor listener;
    final AdapterContext adapter;
    final TcpMetrics metrics;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    VendorServices(VendorProtocol<?> protocol, String pluginId, TcpConfig config, AdapterContext adapter,
                   TcpMetrics metrics) {
        this.protocol = protocol;
        this.vendorId = protocol.id();
        this.pluginId = pluginId;
        this.kind = "tcp-" + vendorId;
        this.config = config;
        this.listener = config.vendor(vendorId);
        this.adapter = adapter;
        this.metrics = metrics;
    }

    Duration loginTimeout() {
        return listener.loginTimeout() != null ? listener.loginTimeout() : protocol.loginTimeout();
    }

    Duration idleTimeout() {
        return listener.idleTimeout() != null ? listener.idleTimeout() : protocol.idleTimeout();
    }

    DownlinkTracker.Settings downlinkSettings() {
        return new DownlinkTracker.Settings(config.ackTimeout().toMillis(), config.maxRetries(),
                config.maxInflightDownlinks(), config.downlinkQueue(), Math.max(2, protocol.maxMessageId()));
    }

    /** A failure of the vendor's code: logged with the vendor and plugin ids, at ERROR the first time per kind. */
    void bug(String where, Throwable t, String peer) {
        String key = where + "|" + (t == null ? "" : t.getClass().getName());
        if (reported.add(key)) {
            LOG.error("vendor protocol '{}' (plugin {}) failed in its {} on connection {}: {} (further identical "
                    + "failures are logged at DEBUG)", vendorId, pluginId, where, peer, t == null ? "" : t.toString(),
                    t);
        } else {
            LOG.debug("vendor protocol '{}' failed again in its {} on {}: {}", vendorId, where, peer, t);
        }
    }
}
