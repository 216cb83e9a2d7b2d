package dev.estuary.server;

import dev.estuary.adapter.mqtt.MqttServer;
import dev.estuary.core.Broker;
import dev.estuary.core.StartupException;
import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.SqliteAdapterStore;
import dev.estuary.core.ban.BanList;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.plugin.PluginRuntime;
import dev.estuary.core.internal.NettyLanes;
import dev.estuary.core.internal.Transports;
import dev.estuary.core.persist.DurableStore;
import dev.estuary.core.persist.RecoveryReport;
import dev.estuary.core.retain.InMemoryRetainedStore;
import dev.estuary.core.store.Database;
import dev.estuary.core.trace.TraceManager;
import dev.estuary.core.webhook.Webhooks;
import dev.estuary.management.auth.ApiKeys;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole gateway in one process: event loops, broker core, MQTT listeners, the adapter plugins and the operations
 * side (management API, $SYS, webhooks, bans, traces), wired from one configuration.
 * {@link #start()} either brings everything up or throws with one clear cause; {@link #stop()} shuts down
 * gracefully.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final EstuaryConfig config;
    private final Transports transports;
    private final EventLoopGroup workers;
    private final Broker broker;
    private final MqttServer mqtt;
    private final Operations operations;
    private final DurableStore durable;
    private Path dataDir;
    private AccessControl access;
    private AdapterRuntime adapters;
    private PluginRuntime plugins;

    /** @throws StartupException when the configured transport is not available */
    public Gateway(EstuaryConfig config) {
        this(config, Clock.systemUTC());
    }

    /**
     * A gateway whose broker reads time from {@code clock} (message and session expiry; tests move it while the
     * gateway is down). Timers still run in real time.
     *
     * @throws StartupException when the configured transport is not available
     */
    public Gateway(EstuaryConfig config, Clock clock) {
        this.config = config;
        this.transports = selectTransport(config.node().nativeTransport());
        this.workers = transports.newGroup(config.node().effectiveIoThreads(), "estuary-io");
        this.durable = config.persistence().enabled() ? new DurableStore(config.persistence(), clock) : null;
        Broker.Builder b = Broker.builder().config(config.mqtt()).clock(clock).lanes(new NettyLanes(workers));
        if (durable != null) {
            b.sessionStore(durable).retained(durable.retained(new InMemoryRetainedStore()));
        }
        this.broker = b.build();
        this.mqtt = new MqttServer(broker, config, transports, workers);
        this.operations = new Operations(config, broker);
    }

    private static Transports selectTransport(String nativeTransport) {
        try {
            return Transports.select(nativeTransport);
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /**
     * Creates the data directory, opens the database, recovers the durable state (retained messages and persistent
     * sessions), installs the operations side (bans, traces, webhooks, $SYS), binds the listeners, starts the plugins
     * and opens the management API.
     *
     * @throws StartupException naming the cause (data directory, port in use, unreadable certificate, durable
     *                          state written by a newer version or in a folder that cannot be written)
     */
    public void start() {
        try {
            dataDir = DataDirectory.prepare(config.node().dataDir());
            access = AccessControl.open(Database.defaultFile(dataDir.toString()), config.auth(), broker.clock());
            access.warnAboutMountpoint(config.devices().mountpoint());
            access.install(broker);
            recoverDurableState();
            operations.beforeListeners(access, mqtt, dataDir);
            mqtt.start();
            SqliteAdapterStore store = new SqliteAdapterStore(access.database(), broker.clock());
            adapters = new AdapterRuntime(broker, config, config.devices().mountpoint(), store::forAdapter, dataDir);
            plugins = new PluginRuntime(pluginsDir(config), List.of(), adapters);
            plugins.start();
            operations.startManagement(access, mqtt, plugins, adapters, dataDir, transports);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
        LOG.info("Estuary {} started: node {}, {} transport, {} I/O threads, data directory {}", Version.current(),
                config.node().name(), transports.name(), config.node().effectiveIoThreads(), dataDir);
    }

    private void stopQuietly() {
        try {
            shutdown();
        } catch (RuntimeException e) {
            LOG.warn("cleaning up after a failed start: {}", e.toString());
        }
    }

    /** Before the listeners open: the durable state back into the broker, with one line saying what came back. */
    private void recoverDurableState() {
        if (durable == null) {
            LOG.info("durable state: off (persistence.sync is none): retained messages and sessions live in memory "
                    + "only");
            return;
        }
        Path dir = durableDir();
        durable.open(dir);
        RecoveryReport r = durable.restore(broker);
        LOG.info("durable state (sync {}): recovered {}", config.persistence().sync(), r.summary());
        if (r.lostData()) {
            LOG.warn("durable state: {} damaged file(s) in {}; everything up to the damage was recovered, the rest "
                    + "is lost: {}", r.damages().size(), dir, r.damages());
        }
    }

    /** {@code durable/} in the data directory. */
    public Path durableDir() {
        Path data = dataDir != null ? dataDir : Path.of(config.node().dataDir()).toAbsolutePath().normalize();
        return data.resolve("durable");
    }

    /** The durable state, or null when {@code persistence.sync} is {@code none}. */
    public DurableStore durable() {
        return durable;
    }

    /**
     * Graceful stop: listeners stop accepting, MQTT 5 clients get DISCONNECT 0x8B (server shutting down), queued
     * writes are flushed, then the event loops end and the durable state is written and synced. Waits at most
     * {@code node.shutdown_timeout} per stage.
     */
    public void stop() {
        LOG.info("Estuary stopping");
        shutdown();
        LOG.info("Estuary stopped");
    }

    private void shutdown() {
        operations.stopManagement();
        if (plugins != null) {
            plugins.close();
            plugins = null;
        }
        if (adapters != null) {
            adapters.close();
            adapters = null;
        }
        mqtt.stop(config.node().shutdownTimeout());
        operations.close();
        if (access != null) {
            access.close();
            access = null;
        }
        workers.shutdownGracefully(0, config.node().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly();
        if (durable != null) {
            durable.close(); // after the event loops: every session's last change is queued by now
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Broker broker() {
        return broker;
    }

    public MqttServer mqtt() {
        return mqtt;
    }

    /** Users and ACLs (null before {@link #start()}). */
    public AccessControl access() {
        return access;
    }

    public EstuaryConfig config() {
        return config;
    }

    /**
     * The plugins folder: {@code node.plugins_dir}, resolved against the distribution folder (system property
     * {@code estuary.home}, set by {@code bin/estuary}) when relative, else against the working directory.
     */
    public static Path pluginsDir(EstuaryConfig config) {
        Path p = Path.of(config.node().pluginsDir());
        String home = System.getProperty("estuary.home");
        if (!p.isAbsolute() && home != null && !home.isBlank()) {
            p = Path.of(home).resolve(p);
        }
        return p.toAbsolutePath().normalize();
    }

    /** The adapter plugins, once started. */
    public PluginRuntime plugins() {
        return plugins;
    }

    /** The adapters' shared runtime (devices, codecs, metrics), once started. */
    public AdapterRuntime adapters() {
        return adapters;
    }

    /** The management API's port, or -1 when it is disabled or not started. */
    public int managementPort() {
        return operations.management() == null ? -1 : operations.management().port();
    }

    /** The ban list, once started. */
    public BanList bans() {
        return operations.bans();
    }

    /** The traces, once started. */
    public TraceManager traces() {
        return operations.traces();
    }

    /** The webhooks, or null when none are configured. */
    public Webhooks webhooks() {
        return operations.webhooks();
    }

    /** The API keys, once started. */
    public ApiKeys apiKeys() {
        return operations.apiKeys();
    }

    /** The absolute data directory, once started. */
    public Path dataDir() {
        return dataDir;
    }
}
