package dev.estuary.core.spi;

import org.pf4j.ExtensionPoint;

/**
 * A protocol adapter: translates one device protocol (CoAP, LwM2M, LoRaWAN, a private TCP framing...) to the
 * unified topic model. Implementations are PF4J extensions ({@code @Extension}) in a plugin; the gateway finds them,
 * calls {@link #start} once with a context, and {@link #stop} at shutdown or when the plugin is disabled.
 *
 * <p>An exception thrown by {@link #start} disables the adapter (reported with the plugin id); the gateway and the
 * other adapters keep running.
 */
public interface ProtocolAdapter extends ExtensionPoint {
    /**
     * The adapter id: lowercase letters, digits and '-', e.g. {@code coap}. It is the {@code {adapter}} segment of
     * the device topics, the prefix of device client ids and the key of the adapter's configuration subtree
     * ({@code adapters.{id}}).
     */
    String id();

    /** The SPI version the adapter was built against; see {@link SpiVersion}. */
    default String spiVersion() {
        return SpiVersion.CURRENT;
    }

    /**
     * Starts listening. May take time (binding sockets) but should not wait for devices.
     *
     * @throws Exception any failure: the adapter is disabled and the failure reported
     */
    void start(AdapterContext context) throws Exception;

    /** Stops: closes listeners and device sessions. Must be idempotent. */
    void stop() throws Exception;
}
