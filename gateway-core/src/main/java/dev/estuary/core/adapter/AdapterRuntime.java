package dev.estuary.core.adapter;

import dev.estuary.core.Broker;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.AdapterStore;
import dev.estuary.core.spi.TopicModel;
import dev.estuary.core.topics.DeviceTopics;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What all adapters share: the broker, the topic model, the callback pool (adapter code never runs on a broker
 * lane), the scheduler, codecs, metrics and the store. Creates one {@link AdapterContext} per adapter and keeps
 * track of open device sessions so an adapter's devices can be closed when it stops.
 */
public final class AdapterRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterRuntime.class);

    private final Broker broker;
    private final EstuaryConfig config;
    private final DeviceTopics topics;
    private final ExecutorService callbackPool;
    private final ScheduledThreadPoolExecutor scheduler;
    private final CodecRegistry codecs = new CodecRegistry();
    private final AdapterMetricsRegistry metrics = new AdapterMetricsRegistry();
    private final java.util.function.Function<String, AdapterStore> stores;
    private final Path dataDir;
    private final ConcurrentHashMap<String, DeviceSessionImpl> devices = new ConcurrentHashMap<>();
    private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, LongAdder> errorCounts = new ConcurrentHashMap<>();

    /** With one shared store that every adapter sees through its own namespace prefix (in-memory, tests). */
    public AdapterRuntime(Broker broker, EstuaryConfig config, String mountpoint, AdapterStore store, Path dataDir) {
        this(broker, config, mountpoint, id -> InMemoryAdapterStore.scoped(store, id), dataDir);
    }

    /** With a store per adapter id (the gateway passes {@link SqliteAdapterStore#forAdapter}). */
    public AdapterRuntime(Broker broker, EstuaryConfig config, String mountpoint,
                          java.util.function.Function<String, AdapterStore> stores, Path dataDir) {
        this.broker = broker;
        this.config = config;
        this.topics = new DeviceTopics(mountpoint);
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.callbackPool = Executors.newFixedThreadPool(threads, new DefaultThreadFactory("estuary-adapter", true));
        this.scheduler = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("estuary-adapter-timer", true));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.stores = stores;
        this.dataDir = dataDir;
    }

    /** The context handed to the adapter {@code adapterId}. */
    public AdapterContext contextFor(String adapterId) {
        broker.reserveDeviceNamespace(adapterId);
        return new AdapterContextImpl(this, adapterId, configOf(config, adapterId), metrics.forAdapter(adapterId),
                stores.apply(adapterId));
    }

    /** The configuration subtree {@code adapters.{adapterId}} as adapters see it (also for the CLI's commands). */
    public static AdapterConfig configOf(EstuaryConfig config, String adapterId) {
        return new AdapterConfigView(config.adapter(adapterId), "adapters." + adapterId);
    }

    Broker broker() {
        return broker;
    }

    public TopicModel topics() {
        return topics;
    }

    ExecutorService callbackPool() {
        return callbackPool;
    }

    /** Runs adapter-facing work off the broker lanes; inline once the pool is shut down (gateway stopping). */
    void callback(Runnable task) {
        try {
            callbackPool.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            task.run();
        }
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public CodecRegistry codecs() {
        return codecs;
    }

    public AdapterMetricsRegistry metrics() {
        return metrics;
    }

    Path dataDir() {
        return dataDir;
    }

    Logger log() {
        return LOG;
    }

    void deviceOpened(DeviceSessionImpl d) {
        devices.put(d.clientId(), d);
    }

    void deviceClosed(DeviceSessionImpl d) {
        devices.remove(d.clientId(), d);
    }

    /** Open device sessions of one adapter id (kind prefix), for stopping it. */
    public List<DeviceSessionImpl> devicesOf(String adapterId) {
        return devices.values().stream().filter(d -> d.kind().equals(adapterId)
                || d.kind().startsWith(adapterId + "-")).toList();
    }

    /** Every open device session. */
    public Collection<DeviceSessionImpl> devices() {
        return devices.values();
    }

    /** Closes every device session of an adapter (it stopped or failed). */
    public void closeDevices(String adapterId, String reason) {
        for (DeviceSessionImpl d : devicesOf(adapterId)) {
            d.close(reason);
        }
    }

    /** Publishes on the gateway's own behalf (status, events, replies): not ACL-checked. */
    int systemPublish(String topic, byte[] payload, int qos, boolean retain, MessageProperties props) {
        long now = broker.clock().millis();
        return broker.publish(Message.builder(topic).payload(payload).qos(qos).retain(retain).properties(props)
                .createdAtMillis(now).build());
    }

    /**
     * An exception from adapter code: reported once at ERROR with the adapter id (repeats at DEBUG), counted; it
     * never propagates into a broker thread.
     */
    public void adapterError(String adapterId, String where, Throwable t) {
        errorCounts.computeIfAbsent(adapterId, k -> new LongAdder()).increment();
        String key = adapterId + "|" + where + "|" + t.getClass().getName();
        if (reportedErrors.add(key)) {
            LOG.error("adapter '{}' failed in its {}: {} (further identical errors are logged at DEBUG)", adapterId,
                    where, t.toString(), t);
        } else {
            LOG.debug("adapter '{}' failed again in its {}: {}", adapterId, where, t.toString());
        }
    }

    /** How many callback errors an adapter has had. */
    public long errorCount(String adapterId) {
        LongAdder a = errorCounts.get(adapterId);
        return a == null ? 0 : a.sum();
    }

    @Override
    public void close() {
        for (DeviceSessionImpl d : devices.values()) {
            d.close("gateway stopping");
        }
        scheduler.shutdownNow();
        callbackPool.shutdown();
        try {
            callbackPool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callbackPool.shutdownNow();
    }
}
