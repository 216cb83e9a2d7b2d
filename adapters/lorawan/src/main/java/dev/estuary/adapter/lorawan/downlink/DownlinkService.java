package dev.estuary.adapter.lorawan.downlink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.LorawanMetrics;
import dev.estuary.adapter.lorawan.device.OwnerRegistry;
import dev.estuary.adapter.lorawan.codec.CodecSelector;
import dev.estuary.adapter.lorawan.model.Owner;
import dev.estuary.core.spi.CodecContext;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceMessageHandler;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.PayloadCodec;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code devices/lorawan/{devEui}/down}: checks the request, encodes an {@code object} with the device's
 * codec when Estuary has one, and enqueues the downlink at the network server that owns the device. Every request
 * is answered ({@code queued}, then {@code sent}/{@code acknowledged}/{@code failed} as the network server
 * reports them) on the requester's response topic or {@code devices/lorawan/{devEui}/reply}.
 */
public final class DownlinkService implements DeviceMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkService.class);

    private final OwnerRegistry owners;
    private final CodecSelector codecs;
    private final Map<String, DownlinkSender> senders;
    private final DownlinkTracker tracker;
    private final LorawanMetrics metrics;

    /** @param senders downlink senders by network-server name */
    public DownlinkService(OwnerRegistry owners, CodecSelector codecs, Map<String, DownlinkSender> senders,
                           DownlinkTracker tracker, LorawanMetrics metrics) {
        this.owners = owners;
        this.codecs = codecs;
        this.senders = senders;
        this.tracker = tracker;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(DeviceSession session, DeviceMessage message) {
        metrics.downlinksRequested.increment();
        String devEui = session.deviceId();
        DownlinkRequest request;
        try {
            request = DownlinkRequest.parse(message.payload());
        } catch (IllegalArgumentException e) {
            fail(session, message, message.requestId(), e.getMessage());
            return;
        }
        Optional<Owner> owner = owners.get(devEui);
        if (owner.isEmpty()) {
            fail(session, message, request.id(), "no network server is known for " + devEui
                    + " yet: it has sent no uplink through a network server; configure adapters.lorawan.devices."
                    + devEui + ".network_server");
            return;
        }
        DownlinkSender sender = senders.get(owner.get().networkServer());
        if (sender == null) {
            fail(session, message, request.id(), "network server '" + owner.get().networkServer()
                    + "' cannot take downlinks (no MQTT connection or downlink API configured)");
            return;
        }
        if (request.object() != null) {
            Optional<String> codecId = codecs.codecId(devEui, owner.get().applicationId());
            if (codecId.isPresent()) {
                Optional<PayloadCodec> codec = codecs.codec(codecId.get());
                if (codec.isEmpty()) {
                    fail(session, message, request.id(), "codec '" + codecId.get() + "' is not installed");
                    return;
                }
                try {
                    request = request.withData(codec.get().encode(Json.toMap(request.object()),
                            new CodecContext("lorawan", devEui, request.fPort(), Map.of())));
                } catch (Exception e) {
                    metrics.codecErrors.increment();
                    fail(session, message, request.id(), codecId.get() + " cannot encode the object: "
                            + e.getMessage());
                    return;
                }
            }
        }
        String key = UUID.randomUUID().toString();
        DownlinkRequest accepted = request;
        String ns = owner.get().networkServer();
        tracker.queued(key, session, message, accepted, ns);
        sender.send(devEui, owner.get(), accepted, key).whenComplete((v, err) -> {
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                tracker.report(new dev.estuary.adapter.lorawan.model.DownlinkOutcome(key,
                        dev.estuary.adapter.lorawan.model.DownlinkOutcome.FAILED, "enqueue at " + ns + " failed: "
                        + cause.getMessage()));
                metrics.downlinksFailed.increment();
                return;
            }
            ObjectNode body = DownlinkTracker.answer(accepted, key, true, "queued", ns);
            session.reply(message, Json.bytes(body), "application/json");
        });
    }

    private void fail(DeviceSession session, DeviceMessage message, String id, String error) {
        metrics.downlinksFailed.increment();
        LOG.debug("downlink to {} refused: {}", session.deviceId(), error);
        ObjectNode body = Json.object();
        if (id != null) {
            body.put("id", id);
        }
        body.put("ok", false).put("status", "failed").put("error", error);
        session.reply(message, Json.bytes(body), "application/json");
    }
}
