package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.TcpConfig;
import dev.estuary.adapter.tcp.device.DownlinkTracker;
import dev.estuary.adapter.tcp.device.TcpMetrics;
import dev.estuary.core.spi.AdapterContext;

/**
 * What every spec connection of one listener shares: settings, the adapter context (device sessions), counters,
 * and the per-type frame handlers.
 *
 * @param config  the adapter settings
 * @param adapter the adapter context
 * @param metrics counters
 * @param tls     whether the listener is the TLS one (shown in the device status)
 */
public record SpecServices(TcpConfig config, AdapterContext adapter, TcpMetrics metrics, boolean tls,
                           HelloHandler hello, UplinkHandler uplinks, DeviceAckHandler acks) {

    public SpecServices(TcpConfig config, AdapterContext adapter, TcpMetrics metrics, boolean tls) {
        this(config, adapter, metrics, tls, new HelloHandler(), new UplinkHandler(), new DeviceAckHandler());
    }

    DownlinkTracker.Settings downlinkSettings() {
        return new DownlinkTracker.Settings(config.ackTimeout().toMillis(), config.maxRetries(),
                config.maxInflightDownlinks(), config.downlinkQueue(), 65535);
    }
}
