package dev.estuary.adapter.lorawan.gwmp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.device.DeviceSessions;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceSession;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateways talking GWMP to Estuary, each a device session of kind {@code lorawan-gateway}: online from its first
 * packet, status details from its {@code stat} reports, offline after {@code gateway_timeout} without a packet.
 * Also remembers each gateway's PULL_DATA address (where PULL_RESP downlinks would go).
 */
public final class GatewayRegistry {
    /** The topic segment of gateways. */
    public static final String KIND = "lorawan-gateway";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRegistry.class);

    private final DeviceSessions sessions;
    private final Clock clock;
    private final Duration timeout;
    private final ConcurrentHashMap<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InetSocketAddress> pullAddress = new ConcurrentHashMap<>();

    public GatewayRegistry(DeviceSessions sessions, Clock clock, Duration timeout) {
        this.sessions = sessions;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A packet from a gateway: opens its session on first contact. */
    public void seen(String eui, InetSocketAddress from, boolean pull) {
        lastSeen.put(eui, clock.millis());
        if (pull) {
            pullAddress.put(eui, from);
        }
        sessions.with(KIND, eui, () -> login(eui, from), s -> CompletableFuture.completedFuture(null))
                .exceptionally(e -> {
                    LOG.info("gateway {} at {} refused: {}", eui, from, e.getMessage());
                    return null;
                });
    }

    /** A {@code stat} report: merged into the gateway's retained status. */
    public void stat(String eui, InetSocketAddress from, JsonNode stat) {
        Map<String, Object> d = new LinkedHashMap<>();
        copy(stat, "time", "time", d);
        copy(stat, "lati", "latitude", d);
        copy(stat, "long", "longitude", d);
        copy(stat, "alti", "altitude", d);
        copy(stat, "rxnb", "rxReceived", d);
        copy(stat, "rxok", "rxReceivedOk", d);
        copy(stat, "rxfw", "rxForwarded", d);
        copy(stat, "ackr", "ackRatio", d);
        copy(stat, "dwnb", "downlinkReceived", d);
        copy(stat, "txnb", "txEmitted", d);
        d.put("lastSeen", Instant.ofEpochMilli(clock.millis()).toString());
        sessions.with(KIND, eui, () -> login(eui, from), s -> {
            s.status(d);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** A TX_ACK: published as the gateway's {@code txack} event. */
    public void txAck(String eui, InetSocketAddress from, int token, JsonNode ack) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        String error = ack == null ? null : Json.text(ack.path("txpk_ack"), "error");
        body.put("error", error == null ? "NONE" : error);
        sessions.with(KIND, eui, () -> login(eui, from), s -> {
            s.event("txack", body);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Closes the sessions of gateways silent for longer than the timeout. */
    public void expire() {
        long now = clock.millis();
        Iterator<Map.Entry<String, Long>> it = lastSeen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() > timeout.toMillis()) {
                it.remove();
                pullAddress.remove(e.getKey());
                sessions.open(KIND, e.getKey()).ifPresent(s -> s.close("no packet for " + timeout));
            }
        }
    }

    /** Where the gateway's last PULL_DATA came from, or null. */
    public InetSocketAddress pullAddress(String eui) {
        return pullAddress.get(eui);
    }

    private static DeviceLogin login(String eui, InetSocketAddress from) {
        return DeviceLogin.builder(eui).kind(KIND).protocol("semtech-udp").remoteAddress(from)
                .detail("gatewayEui", eui).build();
    }

    private static void copy(JsonNode stat, String from, String to, Map<String, Object> d) {
        JsonNode v = stat.get(from);
        if (v != null && !v.isNull()) {
            d.put(to, v.isNumber() ? v.numberValue() : v.asText());
        }
    }

    /** For tests. */
    public boolean online(String eui) {
        return sessions.open(KIND, eui).map(DeviceSession::isOpen).orElse(false);
    }
}
