package dev.estuary.server;

import dev.estuary.adapter.mqtt.MqttServer;
import dev.estuary.core.Broker;
import dev.estuary.core.StartupException;
import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.autosubscribe.AutoSubscriber;
import dev.estuary.core.ban.BanCheck;
import dev.estuary.core.ban.BanList;
import dev.estuary.core.ban.BanStore;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.internal.Transports;
import dev.estuary.core.limits.FlappingDetector;
import dev.estuary.core.metrics.AclDenials;
import dev.estuary.core.metrics.BrokerStats;
import dev.estuary.core.metrics.DeviceDisconnects;
import dev.estuary.core.plugin.PluginRuntime;
import dev.estuary.core.sys.SysClientEvents;
import dev.estuary.core.sys.SysPublisher;
import dev.estuary.core.sys.SysTopics;
import dev.estuary.core.trace.TraceManager;
import dev.estuary.core.webhook.Webhooks;
import dev.estuary.management.ManagementApi;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.ManagementServer;
import dev.estuary.management.auth.AdminLogins;
import dev.estuary.management.auth.ApiAuth;
import dev.estuary.management.auth.ApiKeyStore;
import dev.estuary.management.auth.ApiKeys;
import dev.estuary.management.auth.LocalKeyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations side of the gateway, wired from the configuration: bans and flapping detection, ACL denial
 * counters, traces, proxy subscriptions, webhooks, {@code $SYS}, and the management API with its API keys. Made
 * in two steps around the listeners: {@link #beforeListeners} installs what must see the first connection;
 * {@link #startManagement} opens the API once plugins run.
 */
final class Operations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final long HOUSEKEEPING_SECONDS = 60;

    private final EstuaryConfig config;
    private final Broker broker;
    private final ScheduledThreadPoolExecutor scheduler;
    private final long startedAtMillis;
    private BanList bans;
    private AclDenials aclDenials;
    private FlappingDetector flapping;
    private TraceManager traces;
    private Webhooks webhooks;
    private BrokerStats stats;
    private SysPublisher sys;
    private ApiKeys apiKeys;
    private ManagementServer management;

    Operations(EstuaryConfig config, Broker broker) {
        this.config = config;
        this.broker = broker;
        this.startedAtMillis = broker.clock().millis();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "estuary-ops");
            t.setDaemon(true);
            return t;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Installs bans, counters, traces, proxy subscriptions, webhooks and $SYS (before the listeners open). */
    void beforeListeners(AccessControl access, MqttServer mqtt, Path dataDir) {
        bans = BanList.load(new BanStore(access.database()), access.executor(), broker.clock());
        broker.setAuthenticator(new BanCheck(bans, access.authenticator()));
        aclDenials = new AclDenials(access.authorizer());
        broker.setAuthorizer(aclDenials);
        broker.hooks().register(new DeviceDisconnects(broker.metrics()));
        if (config.flapping().enabled()) {
            flapping = new FlappingDetector(config.flapping(), bans, broker.clock());
            broker.hooks().register(flapping);
        }
        scheduler.scheduleWithFixedDelay(this::housekeeping, HOUSEKEEPING_SECONDS, HOUSEKEEPING_SECONDS,
                TimeUnit.SECONDS);
        traces = new TraceManager(config.trace(), dataDir.resolve(config.trace().dir()), broker.clock(), scheduler);
        broker.hooks().register(traces);
        mqtt.packetTrace(traces);
        if (!config.autoSubscribe().topics().isEmpty()) {
            broker.hooks().register(new AutoSubscriber(config.autoSubscribe().topics(), broker.sessions()));
        }
        if (!config.webhooks().endpoints().isEmpty()) {
            webhooks = new Webhooks(config.webhooks(), config.node().name(), broker.clock());
            webhooks.start();
            broker.hooks().register(webhooks);
            LOG.info("webhooks: {} receiver(s)", config.webhooks().endpoints().size());
        }
        stats = new BrokerStats(broker);
        if (config.sys().clientEvents()) {
            broker.hooks().register(new SysClientEvents(broker, new SysTopics(config.node().name())));
        }
        sys = new SysPublisher(broker, stats, config.sys(), config.node().name(), Version.current(), scheduler);
        sys.start();
    }

    private void housekeeping() {
        try {
            bans.purgeExpired();
            if (flapping != null) {
                flapping.purge();
            }
        } catch (RuntimeException e) {
            LOG.error("housekeeping (expired bans, flapping counters) failed; trying again later", e);
        }
    }

    /**
     * Opens the management API (when enabled) and writes the local API key file.
     *
     * @throws StartupException when its address cannot be bound or the key file cannot be written
     */
    void startManagement(AccessControl access, MqttServer mqtt, PluginRuntime plugins, AdapterRuntime adapters,
                         Path dataDir, Transports transports) {
        apiKeys = new ApiKeys(new ApiKeyStore(access.database()), broker.clock());
        if (!config.management().enabled()) {
            LOG.info("management API disabled (management.enabled: false)");
            return;
        }
        if (config.management().localKeyFile()) {
            try {
                Path file = LocalKeyFile.write(apiKeys, dataDir);
                LOG.info("API key for 'estuary ctl' on this host written to {}", file);
            } catch (IOException e) {
                throw new StartupException("cannot write the local API key file in " + dataDir + ": " + e, e);
            }
        }
        ManagementContext ctx = ManagementContext.builder(broker, apiKeys).stats(stats).config(config)
                .version(Version.current()).startedAtMillis(startedAtMillis).mqtt(mqtt).access(access)
                .plugins(plugins).adapters(adapters).bans(bans).traces(traces).webhooks(webhooks)
                .aclDenials(aclDenials).flapping(flapping).build();
        ManagementApi api = new ManagementApi(ctx, new ApiAuth(apiKeys, new AdminLogins(access.users())));
        management = new ManagementServer(config.management(), api, transports);
        management.start();
    }

    /** The management API server, or null when it is disabled or not started. */
    ManagementServer management() {
        return management;
    }

    BanList bans() {
        return bans;
    }

    TraceManager traces() {
        return traces;
    }

    Webhooks webhooks() {
        return webhooks;
    }

    ApiKeys apiKeys() {
        return apiKeys;
    }

    /** Stops the API first (no new requests), then $SYS, webhooks and traces. */
    void stopManagement() {
        if (management != null) {
            management.close();
            management = null;
        }
        if (sys != null) {
            sys.close();
        }
    }

    @Override
    public void close() {
        stopManagement();
        if (webhooks != null) {
            webhooks.close();
        }
        if (traces != null) {
            traces.close();
        }
        scheduler.shutdownNow();
    }
}
