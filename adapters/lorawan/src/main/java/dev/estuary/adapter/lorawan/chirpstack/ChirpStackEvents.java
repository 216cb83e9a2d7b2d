package dev.estuary.adapter.lorawan.chirpstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.Json;
import dev.estuary.adapter.lorawan.device.DeviceHub;
import dev.estuary.adapter.lorawan.device.Outcome;
import dev.estuary.adapter.lorawan.model.DeviceEvent;
import dev.estuary.adapter.lorawan.model.DownlinkOutcome;
import dev.estuary.adapter.lorawan.model.LoraUplink;
import dev.estuary.adapter.lorawan.model.Owner;
import dev.estuary.adapter.lorawan.model.RxInfo;
import dev.estuary.adapter.lorawan.model.Source;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * ChirpStack v4 integration events (the proto3 JSON form of {@code integration.proto}: camelCase, base64 bytes,
 * default values left out) turned into uplinks, events and status for the {@link DeviceHub}. Both the HTTP and the
 * MQTT integration end here; the Protobuf marshaler's messages are first rewritten into the same JSON form by
 * {@link ChirpStackProtobuf}.
 */
public final class ChirpStackEvents {
    /** The event names ChirpStack uses ({@code ?event=} and the last topic level). */
    public static final List<String> EVENTS = List.of("up", "join", "ack", "txack", "status", "log", "location",
            "integration");

    private final DeviceHub hub;

    public ChirpStackEvents(DeviceHub hub) {
        this.hub = hub;
    }

    /** Handles one event; throws BadInputException for an unknown event or one without a usable DevEUI. */
    public CompletionStage<Outcome> handle(String event, ObjectNode e, Source source) throws BadInputException {
        JsonNode info = e.path("deviceInfo");
        String devEui = Hex.eui(Json.text(info, "devEui"));
        if (!EVENTS.contains(event)) {
            throw new BadInputException("unknown ChirpStack event '" + event + "' (expected one of " + EVENTS + ")");
        }
        if (devEui == null) {
            throw new BadInputException("event '" + event + "' has no valid deviceInfo.devEui");
        }
        Owner owner = new Owner(source.name(), "chirpstack", Json.text(info, "applicationId"), null, null, null,
                null);
        switch (event) {
            case "up":
                return hub.uplink(uplink(devEui, e, source, owner));
            case "status":
                return hub.status(devEui, source, owner, status(e));
            default:
                return hub.event(event(event, devEui, e, source, owner));
        }
    }

    private static LoraUplink uplink(String devEui, ObjectNode e, Source source, Owner owner)
            throws BadInputException {
        byte[] data = base64(e, "data");
        JsonNode tx = e.path("txInfo");
        Long frequency = tx.has("frequency") ? tx.get("frequency").asLong() : null;
        JsonNode lora = tx.path("modulation").path("lora");
        JsonNode fsk = tx.path("modulation").path("fsk");
        String modulation = lora.isObject() ? "LORA" : fsk.isObject() ? "FSK"
                : tx.path("modulation").has("lrFhss") ? "LR_FHSS" : null;
        Integer sf = lora.isObject() ? lora.path("spreadingFactor").asInt() : null;
        Integer bw = lora.isObject() ? lora.path("bandwidth").asInt() : null;
        String codeRate = lora.isObject() ? codeRate(Json.text(lora, "codeRate")) : null;
        String dataRate = lora.isObject() ? "SF" + sf + "BW" + (bw / 1000)
                : fsk.isObject() ? String.valueOf(fsk.path("datarate").asInt()) : null;
        List<RxInfo> rx = new ArrayList<>();
        for (JsonNode r : e.path("rxInfo")) {
            String time = Json.text(r, "gwTime") != null ? Json.text(r, "gwTime") : Json.text(r, "nsTime");
            rx.add(new RxInfo(Json.text(r, "gatewayId"), null, r.path("rssi").asInt(), r.path("snr").asDouble(),
                    r.path("channel").asInt(), frequency, dataRate, sf, bw, time));
        }
        JsonNode object = e.get("object");
        return new LoraUplink(devEui, source, owner, Json.text(e.path("deviceInfo"), "deviceName"),
                Json.text(e, "devAddr"), e.path("fPort").asInt(0), e.path("fCnt").asLong(0), data,
                object != null && object.isObject() ? object : null, e.path("confirmed").asBoolean(false),
                e.path("adr").asBoolean(false), e.path("dr").asInt(0), frequency, modulation, sf, bw, codeRate, rx,
                Json.text(e, "time"));
    }

    private static ObjectNode status(ObjectNode e) {
        ObjectNode d = Json.object();
        d.put("margin", e.path("margin").asInt(0));
        d.put("externalPowerSource", e.path("externalPowerSource").asBoolean(false));
        boolean unavailable = e.path("batteryLevelUnavailable").asBoolean(false);
        if (unavailable) {
            d.putNull("batteryLevel");
        } else {
            d.put("batteryLevel", e.path("batteryLevel").asDouble(0));
        }
        d.put("batteryLevelUnavailable", unavailable);
        putText(d, "statusTime", Json.text(e, "time"));
        return d;
    }

    private static DeviceEvent event(String name, String devEui, ObjectNode e, Source source, Owner owner) {
        ObjectNode b = Json.object();
        DownlinkOutcome outcome = null;
        switch (name) {
            case "join":
                putText(b, "devAddr", Json.text(e, "devAddr"));
                break;
            case "ack": {
                boolean ack = e.path("acknowledged").asBoolean(false);
                String queueItemId = Json.text(e, "queueItemId");
                b.put("acknowledged", ack).put("fCntDown", e.path("fCntDown").asLong(0));
                putText(b, "queueItemId", queueItemId);
                if (queueItemId != null) {
                    outcome = new DownlinkOutcome(queueItemId, ack ? DownlinkOutcome.ACKNOWLEDGED
                            : DownlinkOutcome.FAILED, ack ? null : "not acknowledged by the device");
                }
                break;
            }
            case "txack": {
                String queueItemId = Json.text(e, "queueItemId");
                b.put("downlinkId", e.path("downlinkId").asLong(0)).put("fCntDown", e.path("fCntDown").asLong(0));
                putText(b, "queueItemId", queueItemId);
                putText(b, "gatewayId", Json.text(e, "gatewayId"));
                JsonNode tx = e.path("txInfo");
                if (tx.has("frequency")) {
                    b.put("frequency", tx.get("frequency").asLong());
                }
                if (tx.has("power")) {
                    b.put("power", tx.get("power").asInt());
                }
                if (queueItemId != null) {
                    outcome = new DownlinkOutcome(queueItemId, DownlinkOutcome.SENT, null);
                }
                break;
            }
            case "log": {
                String code = Json.text(e, "code") == null ? "UNKNOWN" : Json.text(e, "code");
                b.put("level", Json.text(e, "level") == null ? "INFO" : Json.text(e, "level")).put("code", code);
                putText(b, "description", Json.text(e, "description"));
                if (e.path("context").isObject()) {
                    b.set("context", e.get("context"));
                    String qi = Json.text(e.get("context"), "queue_item_id");
                    if (qi != null && code.startsWith("DOWNLINK")) {
                        outcome = new DownlinkOutcome(qi, DownlinkOutcome.FAILED, code + ": "
                                + Json.text(e, "description"));
                    }
                }
                break;
            }
            case "location":
                b.set("location", e.path("location").isObject() ? e.get("location") : Json.object());
                break;
            case "integration":
                putText(b, "integrationName", Json.text(e, "integrationName"));
                putText(b, "eventType", Json.text(e, "eventType"));
                if (e.has("object")) {
                    b.set("object", e.get("object"));
                }
                break;
            default:
                break;
        }
        putText(b, "time", Json.text(e, "time"));
        putText(b, "deduplicationId", Json.text(e, "deduplicationId"));
        return new DeviceEvent(devEui, name, b, source, owner, outcome);
    }

    /** ChirpStack's {@code CR_4_5} as {@code 4/5}; other values unchanged. */
    static String codeRate(String cr) {
        if (cr == null) {
            return null;
        }
        if (cr.startsWith("CR_LI_")) {
            return cr.substring(6).replace('_', '/') + "LI";
        }
        return cr.startsWith("CR_") ? cr.substring(3).replace('_', '/') : cr;
    }

    private static byte[] base64(JsonNode e, String field) throws BadInputException {
        String s = Json.text(e, field);
        if (s == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException ex) {
            throw new BadInputException("'" + field + "' is not base64: " + ex.getMessage());
        }
    }

    private static void putText(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
