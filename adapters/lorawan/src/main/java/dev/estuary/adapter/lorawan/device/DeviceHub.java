package dev.estuary.adapter.lorawan.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.LorawanMetrics;
import dev.estuary.adapter.lorawan.codec.CodecSelector;
import dev.estuary.adapter.lorawan.config.LorawanConfig;
import dev.estuary.adapter.lorawan.downlink.DownlinkTracker;
import dev.estuary.adapter.lorawan.model.DeviceEvent;
import dev.estuary.adapter.lorawan.model.LoraUplink;
import dev.estuary.adapter.lorawan.model.Owner;
import dev.estuary.adapter.lorawan.model.Source;
import dev.estuary.core.spi.CodecContext;
import dev.estuary.core.spi.CodecException;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceRefusedException;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.PayloadCodec;
import dev.estuary.core.spi.PublishResult;
import dev.estuary.core.spi.Uplink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every source (ChirpStack, TTS, the packet forwarder) hands in what it read: deduplicates uplinks, decodes
 * payloads with the device's codec, learns device ownership, opens device sessions lazily and publishes uplinks,
 * events and status into the unified topics.
 */
public final class DeviceHub {
    /** The adapter id and topic segment of LoRaWAN devices. */
    public static final String KIND = "lorawan";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceHub.class);

    private final LorawanConfig config;
    private final DeviceSessions sessions;
    private final OwnerRegistry owners;
    private final CodecSelector codecs;
    private final DownlinkTracker tracker;
    private final Deduplicator dedup;
    private final LorawanMetrics metrics;
    private final Clock clock;
    private final ConcurrentHashMap<String, Long> lastSeenPublished = new ConcurrentHashMap<>();

    public DeviceHub(LorawanConfig config, DeviceSessions sessions, OwnerRegistry owners, CodecSelector codecs,
                     DownlinkTracker tracker, LorawanMetrics metrics, Clock clock) {
        this.config = config;
        this.sessions = sessions;
        this.owners = owners;
        this.codecs = codecs;
        this.tracker = tracker;
        this.metrics = metrics;
        this.clock = clock;
        this.dedup = new Deduplicator(config.dedupWindow(), config.dedupMaxEntries(), clock);
    }

    public OwnerRegistry owners() {
        return owners;
    }

    public CodecSelector codecs() {
        return codecs;
    }

    /** Publishes an uplink once (later copies of the same devEui+fCnt within the window are counted and dropped). */
    public CompletionStage<Outcome> uplink(LoraUplink u) {
        owners.learn(u.devEui(), u.owner());
        String key = Deduplicator.key(u.devEui(), u.fCnt());
        if (!dedup.firstSeen(key)) {
            metrics.duplicatesDropped.increment();
            LOG.debug("uplink {} fCnt {} from {} already published: dropped as a duplicate", u.devEui(), u.fCnt(),
                    u.source().name());
            return CompletableFuture.completedFuture(Outcome.of(Outcome.Kind.DUPLICATE,
                    "duplicate of an uplink already published (devEui+fCnt)"));
        }
        ObjectNode envelope = envelope(u);
        Uplink up = Uplink.of(Json.bytes(envelope)).channel(u.fPort() > 0 ? String.valueOf(u.fPort()) : null)
                .qos(config.uplinkQos()).contentType("application/json")
                .userProperty("devEui", u.devEui()).userProperty("fCnt", String.valueOf(u.fCnt()))
                .userProperty("source", u.source().name());
        return sessions.with(KIND, u.devEui(), () -> login(u.devEui(), u.source(), u.owner(), u.deviceName()), s -> {
            touch(s);
            return s.uplink(up);
        }).handle((r, err) -> {
            Outcome o = published(r, err, "uplink of " + u.devEui());
            if (o.kind() == Outcome.Kind.PUBLISHED) {
                metrics.uplinksPublished.increment();
            } else {
                dedup.forget(key);
            }
            return o;
        });
    }

    private ObjectNode envelope(LoraUplink u) {
        String applicationId = u.owner() == null ? null : u.owner().applicationId();
        Optional<String> codecId = codecs.codecId(u.devEui(), applicationId);
        if (codecId.isPresent()) {
            Optional<PayloadCodec> codec = codecs.codec(codecId.get());
            if (codec.isEmpty()) {
                metrics.codecErrors.increment();
                return UplinkEnvelope.of(u, u.decoded(), u.decoded() == null ? null : "network-server",
                        "codec '" + codecId.get() + "' is not installed");
            }
            try {
                Map<String, Object> decoded = codec.get().decode(u.data(), new CodecContext(KIND, u.devEui(), u.fPort(),
                        Map.of("fCnt", u.fCnt())));
                return UplinkEnvelope.of(u, Json.fromJdk(decoded), codecId.get(), null);
            } catch (CodecException | RuntimeException e) {
                metrics.codecErrors.increment();
                LOG.debug("codec {} could not decode the uplink of {}: {}", codecId.get(), u.devEui(), e.getMessage());
                return UplinkEnvelope.of(u, u.decoded(), u.decoded() == null ? null : "network-server",
                        codecId.get() + ": " + e.getMessage());
            }
        }
        JsonNode nsDecoded = u.decoded();
        return UplinkEnvelope.of(u, nsDecoded, nsDecoded == null ? null : "network-server", null);
    }

    /** Publishes {@code devices/lorawan/{devEui}/events/{name}}; reports a downlink outcome it carries. */
    public CompletionStage<Outcome> event(DeviceEvent e) {
        owners.learn(e.devEui(), e.owner());
        if (e.outcome() != null) {
            tracker.report(e.outcome());
        }
        Map<String, Object> body = new LinkedHashMap<>(Json.toMap(e.body()));
        body.put("devEui", e.devEui());
        body.put("source", e.source().name());
        body.put("via", e.source().via());
        return sessions.with(KIND, e.devEui(), () -> login(e.devEui(), e.source(), e.owner(), null), s -> {
            touch(s);
            s.event(e.name(), body);
            return CompletableFuture.completedFuture(PublishResult.Status.DELIVERED);
        }).handle((r, err) -> {
            Outcome o = err == null ? Outcome.PUBLISHED : published(null, err, "event " + e.name() + " of "
                    + e.devEui());
            if (o.kind() == Outcome.Kind.PUBLISHED) {
                metrics.eventsPublished.increment();
            }
            return o;
        });
    }

    /** Merges {@code details} (battery, margin...) into the device's retained status, with {@code lastSeen}. */
    public CompletionStage<Outcome> status(String devEui, Source source, Owner owner, ObjectNode details) {
        owners.learn(devEui, owner);
        Map<String, Object> d = new LinkedHashMap<>(Json.toMap(details));
        d.put("lastSeen", Instant.ofEpochMilli(clock.millis()).toString());
        return sessions.with(KIND, devEui, () -> login(devEui, source, owner, null), s -> {
            lastSeenPublished.put(devEui, clock.millis());
            s.status(d);
            return CompletableFuture.completedFuture(PublishResult.Status.DELIVERED);
        }).handle((r, err) -> err == null ? Outcome.PUBLISHED : published(null, err, "status of " + devEui));
    }

    /**
     * Opens the session of a configured device at start, so that it takes downlinks before Estuary has heard from
     * it (an owner configured under {@code devices} is enough to reach it).
     */
    public CompletionStage<Outcome> open(String devEui) {
        Owner owner = owners.get(devEui).orElse(null);
        Source source = new Source(owner == null ? "config" : owner.networkServer(), "config", "config");
        return sessions.with(KIND, devEui, () -> login(devEui, source, owner, null),
                s -> CompletableFuture.completedFuture(PublishResult.Status.DELIVERED))
                .handle((r, err) -> err == null ? Outcome.PUBLISHED : published(null, err, "session of " + devEui));
    }

    /** Refreshes lastSeen in the retained status at most every {@code last_seen_interval}. */
    private void touch(DeviceSession s) {
        long now = clock.millis();
        Long last = lastSeenPublished.get(s.deviceId());
        if (last == null || now - last >= config.lastSeenInterval().toMillis()) {
            lastSeenPublished.put(s.deviceId(), now);
            s.status(Map.of("lastSeen", Instant.ofEpochMilli(now).toString()));
        }
    }

    private Outcome published(PublishResult r, Throwable err, String what) {
        if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            metrics.publishFailures.increment();
            if (cause instanceof DeviceRefusedException refused) {
                LOG.warn("{} not published: device refused ({})", what, refused.getMessage());
                return Outcome.of(Outcome.Kind.REFUSED, refused.getMessage());
            }
            LOG.warn("{} not published: {}", what, cause.toString());
            return Outcome.of(Outcome.Kind.FAILED, cause.getMessage());
        }
        if (r != null && !r.accepted()) {
            metrics.publishFailures.increment();
            LOG.warn("{} not published: {} {}", what, r.status(), r.detail());
            return Outcome.of(r.status() == PublishResult.Status.NOT_AUTHORIZED ? Outcome.Kind.REFUSED
                    : Outcome.Kind.FAILED, r.status() + (r.detail() == null ? "" : ": " + r.detail()));
        }
        return Outcome.PUBLISHED;
    }

    private DeviceLogin login(String devEui, Source source, Owner owner, String deviceName) {
        DeviceLogin.Builder b = DeviceLogin.builder(devEui).protocol("lorawan").detail("devEui", devEui)
                .detail("source", source.name());
        if (owner != null && owner.applicationId() != null) {
            b.detail("applicationId", owner.applicationId());
        }
        if (deviceName != null) {
            b.detail("deviceName", deviceName);
        }
        if (config.deviceUsername() != null) {
            b.username(config.deviceUsername());
        }
        if (config.devicePassword() != null) {
            b.password(config.devicePassword().getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }
}
