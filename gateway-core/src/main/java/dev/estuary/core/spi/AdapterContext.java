package dev.estuary.core.spi;

import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/** What the gateway gives an adapter: device sessions, configuration, topics, codecs, metrics, a scheduler. */
public interface AdapterContext {
    /** The adapter id this context belongs to. */
    String adapterId();

    /** The adapter's configuration subtree ({@code adapters.{id}} in the configuration file). */
    AdapterConfig config();

    /**
     * Opens (authenticates and attaches) the session of one device. Completes exceptionally with
     * {@link DeviceRefusedException} when authentication or authorization refuses it. Opening a device that is
     * already open replaces the old session (the old one is closed with "taken over").
     */
    CompletionStage<DeviceSession> openDevice(DeviceLogin login);

    /** The unified topic model (topic names for devices, device-id encoding, mountpoint). */
    TopicModel topics();

    /** Payload codecs contributed by plugins and built in. */
    PayloadCodecs codecs();

    /**
     * A scheduler shared by all adapters for timers and small tasks. Do not block in its tasks; run blocking work
     * on the adapter's own threads.
     */
    ScheduledExecutorService scheduler();

    /** Registers adapter metrics, exported with the gateway's own. */
    AdapterMetrics metrics();

    /** Durable key-value storage in the gateway's database (credentials, device state). */
    AdapterStore store();

    /** A folder the adapter may keep files in ({@code {node.data_dir}/adapters/{id}}), created on first call. */
    Path dataDirectory();
}
