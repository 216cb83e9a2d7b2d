package dev.estuary.core.metrics;

import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.session.ClientInfo;

/**
 * Counts the ended sessions of devices behind adapters in {@link BrokerMetrics#disconnected}, by reason, as the
 * MQTT listeners count their connections: so disconnect counters cover every client, whatever its protocol.
 */
public final class DeviceDisconnects implements BrokerEvents {
    private final BrokerMetrics metrics;

    public DeviceDisconnects(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void clientDisconnected(ClientInfo client, Disconnect disconnect) {
        if (client.isDevice()) {
            metrics.disconnected(disconnect.reason());
        }
    }
}
