package dev.estuary.adapter.lorawan;

import dev.estuary.adapter.lorawan.chirpstack.ChirpStackDownlinkSender;
import dev.estuary.adapter.lorawan.chirpstack.ChirpStackEvents;
import dev.estuary.adapter.lorawan.chirpstack.ChirpStackHttpEndpoint;
import dev.estuary.adapter.lorawan.chirpstack.ChirpStackMqttInbound;
import dev.estuary.adapter.lorawan.codec.CodecSelector;
import dev.estuary.adapter.lorawan.config.LorawanConfig;
import dev.estuary.adapter.lorawan.config.NetworkServerConfig;
import dev.estuary.adapter.lorawan.device.DeviceHub;
import dev.estuary.adapter.lorawan.device.DeviceSessions;
import dev.estuary.adapter.lorawan.device.OwnerRegistry;
import dev.estuary.adapter.lorawan.downlink.DownlinkSender;
import dev.estuary.adapter.lorawan.downlink.DownlinkService;
import dev.estuary.adapter.lorawan.downlink.DownlinkTracker;
import dev.estuary.adapter.lorawan.gwmp.GwmpListener;
import dev.estuary.adapter.lorawan.http.HttpIntegrationServer;
import dev.estuary.adapter.lorawan.http.HttpRoute;
import dev.estuary.adapter.lorawan.http.SharedSecret;
import dev.estuary.adapter.lorawan.mqtt.MqttInbound;
import dev.estuary.adapter.lorawan.mqtt.NetworkServerMqttClient;
import dev.estuary.adapter.lorawan.tts.TtsDownlinkSender;
import dev.estuary.adapter.lorawan.tts.TtsEvents;
import dev.estuary.adapter.lorawan.tts.TtsMqttInbound;
import dev.estuary.adapter.lorawan.tts.TtsWebhookEndpoint;
import dev.estuary.core.spi.AdapterConfigException;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.ProtocolAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter {@code lorawan}: LoRaWAN devices behind ChirpStack v4 and The Things Stack v3 (HTTP and MQTT integrations,
 * both ways), and gateways pointed straight at Estuary with the Semtech UDP packet forwarder (ABP devices). Devices
 * appear as {@code devices/lorawan/{devEui}/...}, gateways as {@code devices/lorawan-gateway/{gatewayEui}/status}.
 * See {@code docs/adapters/lorawan.md}.
 */
@Extension
public class LorawanAdapter implements ProtocolAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LorawanAdapter.class);

    private final Clock clock;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EventLoopGroup group;
    private DeviceSessions sessions;
    private ScheduledFuture<?> expiry;
    private HttpIntegrationServer http;
    private GwmpListener gwmp;

    public LorawanAdapter() {
        this(Clock.systemUTC());
    }

    /** For tests: the clock deduplication, lastSeen and downlink timeouts use. */
    public LorawanAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return DeviceHub.KIND;
    }

    @Override
    public synchronized void start(AdapterContext context) throws Exception {
        LorawanConfig config = bind(context);
        LorawanMetrics metrics = new LorawanMetrics(context.metrics());
        OwnerRegistry owners;
        CodecSelector codecs;
        try {
            owners = new OwnerRegistry(config);
            codecs = new CodecSelector(context.codecs(), config);
        } catch (IllegalArgumentException e) {
            throw new AdapterConfigException(context.config().keyPath("devices") + ": " + e.getMessage(), e);
        }
        DownlinkTracker tracker = new DownlinkTracker(config.downlinkOutcomeTimeout(), clock);
        Map<String, DownlinkSender> senders = new ConcurrentHashMap<>();
        DownlinkService downlinks = new DownlinkService(owners, codecs, senders, tracker, metrics);
        sessions = new DeviceSessions(context, s -> {
            if (DeviceHub.KIND.equals(s.kind())) {
                s.onDownlink(downlinks);
            }
        });
        DeviceHub hub = new DeviceHub(config, sessions, owners, codecs, tracker, metrics, clock);
        ChirpStackEvents chirpstack = new ChirpStackEvents(hub);
        TtsEvents tts = new TtsEvents(hub);
        group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("estuary-lorawan", true),
                NioIoHandler.newFactory());
        HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, HttpRoute> routes = new LinkedHashMap<>();
        for (NetworkServerConfig ns : config.networkServers()) {
            String key = context.config().keyPath("network_servers." + ns.name());
            NetworkServerMqttClient mqtt = null;
            boolean protobuf = ns.mqtt() != null && "protobuf".equalsIgnoreCase(ns.mqtt().encoding());
            if (ns.mqtt() != null) {
                if (ns.mqtt().server() == null) {
                    throw new AdapterConfigException(key + ".mqtt.server is required");
                }
                MqttInbound inbound = ns.kind() == NetworkServerConfig.Kind.CHIRPSTACK
                        ? new ChirpStackMqttInbound(chirpstack, ns.name(), protobuf, metrics)
                        : new TtsMqttInbound(tts, ns.name(), metrics);
                List<String> defaults = List.of(ns.kind() == NetworkServerConfig.Kind.CHIRPSTACK
                        ? ChirpStackMqttInbound.DEFAULT_TOPIC : TtsMqttInbound.DEFAULT_TOPIC);
                mqtt = new NetworkServerMqttClient(ns.name(), ns.mqtt(), defaults, inbound, context.scheduler());
                closeables.add(mqtt);
            }
            if (ns.kind() == NetworkServerConfig.Kind.CHIRPSTACK && mqtt != null) {
                senders.put(ns.name(), new ChirpStackDownlinkSender(mqtt, protobuf));
            } else if (ns.kind() == NetworkServerConfig.Kind.TTS) {
                senders.put(ns.name(), new TtsDownlinkSender(mqtt, ns.tenant(), httpClient));
            }
            if (ns.http() != null) {
                String path = ns.http().path() != null ? ns.http().path() : "/" + ns.name();
                if (!path.startsWith("/")) {
                    throw new AdapterConfigException(key + ".http.path must start with '/'");
                }
                if (ns.http().secret() == null || ns.http().secret().isEmpty()) {
                    throw new AdapterConfigException(key + ".http.secret is required: HTTP endpoints are never open");
                }
                if (routes.containsKey(path)) {
                    throw new AdapterConfigException(key + ".http.path " + path + " is used twice");
                }
                SharedSecret secret = new SharedSecret(ns.http().secret(), ns.http().username(),
                        ns.http().secretHeader());
                routes.put(path, new HttpRoute(path, ns.name(), secret,
                        ns.kind() == NetworkServerConfig.Kind.CHIRPSTACK
                                ? new ChirpStackHttpEndpoint(chirpstack, ns.name())
                                : new TtsWebhookEndpoint(tts, ns.name())));
            }
        }
        if (!routes.isEmpty()) {
            http = new HttpIntegrationServer(config.http(), routes, group, metrics);
            http.start();
        }
        if (config.gwmp().enabled()) {
            gwmp = new GwmpListener(config, context, hub, sessions, metrics, group, clock, tracker);
            gwmp.start();
            senders.put("gwmp", gwmp.downlinks());
        }
        int gwmpPort = gwmp == null ? -1 : gwmp.port();
        int httpPort = http == null ? -1 : http.port();
        context.metrics().gauge("gwmp_port", "UDP port of the packet-forwarder listener (-1: disabled)",
                () -> gwmpPort);
        context.metrics().gauge("http_port", "port of the HTTP integration listener (-1: disabled)", () -> httpPort);
        for (AutoCloseable c : closeables) {
            if (c instanceof NetworkServerMqttClient m) {
                m.start();
            }
        }
        for (String devEui : config.devices().keySet()) {
            hub.open(Hex.eui(devEui));
        }
        expiry = context.scheduler().scheduleWithFixedDelay(tracker::expire, 1, 1, TimeUnit.SECONDS);
        LOG.info("LoRaWAN adapter started: network servers {}, HTTP {}, packet forwarder {}",
                config.networkServers().stream().map(NetworkServerConfig::name).toList(),
                http == null ? "off" : "port " + http.port(), gwmp == null ? "off" : "port " + gwmp.port());
    }

    private static LorawanConfig bind(AdapterContext context) {
        LorawanConfig config = context.config().bind(LorawanConfig.class);
        Set<String> names = new HashSet<>();
        int i = 0;
        for (NetworkServerConfig ns : config.networkServers()) {
            String key = context.config().keyPath("network_servers[" + i++ + "]");
            try {
                ns.kind();
            } catch (IllegalArgumentException e) {
                throw new AdapterConfigException(key + ".type: " + e.getMessage());
            }
            if (!names.add(ns.name())) {
                throw new AdapterConfigException(key + ".name: '" + ns.name() + "' is used twice");
            }
            if (ns.http() == null && ns.mqtt() == null) {
                throw new AdapterConfigException(key + ": give it an http or an mqtt section (or both)");
            }
        }
        if (config.uplinkQos() < 0 || config.uplinkQos() > 2) {
            throw new AdapterConfigException(context.config().keyPath("uplink_qos") + ": must be 0, 1 or 2");
        }
        return config;
    }

    /** The HTTP listener's port (tests, port 0), or -1 when it is off. */
    public synchronized int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** True when every network-server MQTT connection is up and subscribed. */
    public synchronized boolean networkServersSubscribed() {
        return closeables.stream().allMatch(c -> !(c instanceof NetworkServerMqttClient m) || m.isSubscribed());
    }

    /** The packet forwarder listener's UDP port (tests, port 0), or -1 when it is off. */
    public synchronized int gwmpPort() {
        return gwmp == null ? -1 : gwmp.port();
    }

    @Override
    public synchronized void stop() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c, e.toString());
            }
        }
        closeables.clear();
        if (http != null) {
            http.close();
            http = null;
        }
        if (gwmp != null) {
            gwmp.close();
            gwmp = null;
        }
        if (sessions != null) {
            sessions.closeAll("adapter stopped");
            sessions = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            group = null;
        }
    }
}
