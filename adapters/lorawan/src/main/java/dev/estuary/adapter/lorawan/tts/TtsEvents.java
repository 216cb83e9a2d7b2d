package dev.estuary.adapter.lorawan.tts;

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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The Things Stack v3 application messages ({@code ApplicationUp} JSON, as webhooks post them and as its MQTT server
 * publishes them): the member present says what it is — {@code uplink_message}, {@code join_accept},
 * {@code downlink_queued|sent|ack|nack|failed|queue_invalidated}, {@code location_solved}, {@code service_data}.
 * TTS leaves empty values out too, so a missing {@code f_port} or {@code f_cnt} is 0.
 */
public final class TtsEvents {
    /** Correlation ids Estuary puts on its downlinks start with this. */
    public static final String CORRELATION_PREFIX = "estuary:";

    /** ApplicationUp members and the event they become. */
    private static final Map<String, String> EVENT_NAMES = Map.of(
            "join_accept", "join",
            "downlink_queued", "downlink-queued",
            "downlink_sent", "txack",
            "downlink_ack", "ack",
            "downlink_nack", "nack",
            "downlink_failed", "downlink-failed",
            "downlink_queue_invalidated", "downlink-queue-invalidated",
            "location_solved", "location",
            "service_data", "integration");

    private final DeviceHub hub;

    public TtsEvents(DeviceHub hub) {
        this.hub = hub;
    }

    /**
     * Handles one message.
     *
     * @param mqttPrefix the topic prefix {@code v3/{app}[@{tenant}]} when it came over MQTT, else null
     * @param pushUrl    the webhook's {@code X-Downlink-Push} header, or null
     * @param apiKey     the webhook's {@code X-Downlink-Apikey} header, or null
     */
    public CompletionStage<Outcome> handle(ObjectNode m, Source source, String mqttPrefix, String pushUrl,
                                           String apiKey) throws BadInputException {
        String member = null;
        if (m.path("uplink_message").isObject()) {
            member = "uplink_message";
        } else {
            for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (EVENT_NAMES.containsKey(f) && m.get(f).isObject()) {
                    member = f;
                    break;
                }
            }
        }
        if (member == null) {
            throw new BadInputException("no supported message in the body (expected one of uplink_message, "
                    + String.join(", ", EVENT_NAMES.keySet()) + ")");
        }
        JsonNode ids = m.path("end_device_ids");
        String devEui = Hex.eui(Json.text(ids, "dev_eui"));
        if (devEui == null) {
            throw new BadInputException("end_device_ids.dev_eui is missing or not a DevEUI (Estuary names LoRaWAN "
                    + "devices by DevEUI)");
        }
        Owner owner = new Owner(source.name(), "tts", Json.text(ids.path("application_ids"), "application_id"),
                Json.text(ids, "device_id"), mqttPrefix, pushUrl, apiKey);
        if (member.equals("uplink_message")) {
            return hub.uplink(uplink(devEui, ids, (ObjectNode) m.get(member), source, owner,
                    Json.text(m, "received_at")));
        }
        return hub.event(event(member, EVENT_NAMES.get(member), devEui, ids, m, source, owner));
    }

    private static LoraUplink uplink(String devEui, JsonNode ids, ObjectNode up, Source source, Owner owner,
                                     String receivedAt) throws BadInputException {
        byte[] data;
        try {
            String p = Json.text(up, "frm_payload");
            data = p == null ? new byte[0] : Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("uplink_message.frm_payload is not base64: " + e.getMessage());
        }
        JsonNode settings = up.path("settings");
        JsonNode lora = settings.path("data_rate").path("lora");
        JsonNode fsk = settings.path("data_rate").path("fsk");
        Long frequency = settings.hasNonNull("frequency") ? Long.valueOf(settings.get("frequency").asText()) : null;
        Integer sf = lora.isObject() ? lora.path("spreading_factor").asInt() : null;
        Integer bw = lora.isObject() ? lora.path("bandwidth").asInt() : null;
        String codeRate = Json.text(lora, "coding_rate") != null ? Json.text(lora, "coding_rate")
                : Json.text(settings, "coding_rate");
        String modulation = lora.isObject() ? "LORA" : fsk.isObject() ? "FSK"
                : settings.path("data_rate").has("lrfhss") ? "LR_FHSS" : null;
        String dataRate = lora.isObject() ? "SF" + sf + "BW" + (bw / 1000)
                : fsk.isObject() ? String.valueOf(fsk.path("bit_rate").asInt()) : null;
        List<RxInfo> rx = new ArrayList<>();
        for (JsonNode r : up.path("rx_metadata")) {
            JsonNode gw = r.path("gateway_ids");
            Integer channel = r.has("channel_index") ? r.get("channel_index").asInt()
                    : settings.has("gateway_channel_index") ? settings.get("gateway_channel_index").asInt() : null;
            rx.add(new RxInfo(Json.text(gw, "gateway_id"), Hex.eui(Json.text(gw, "eui")),
                    r.has("rssi") ? r.get("rssi").asInt() : r.has("channel_rssi") ? r.get("channel_rssi").asInt() : null,
                    r.has("snr") ? r.get("snr").asDouble() : null, channel, frequency, dataRate, sf, bw,
                    Json.text(r, "time")));
        }
        JsonNode decoded = up.get("decoded_payload");
        Integer dr = up.has("settings") && settings.has("data_rate_index") ? settings.get("data_rate_index").asInt()
                : null;
        String time = Json.text(up, "received_at") != null ? Json.text(up, "received_at") : receivedAt;
        return new LoraUplink(devEui, source, owner, Json.text(ids, "device_id"), hexLower(Json.text(ids, "dev_addr")),
                up.path("f_port").asInt(0), up.path("f_cnt").asLong(0), data,
                decoded != null && decoded.isObject() ? decoded : null, up.path("confirmed").asBoolean(false), null, dr,
                frequency, modulation, sf, bw, codeRate, rx, time);
    }

    private static DeviceEvent event(String member, String name, String devEui, JsonNode ids, ObjectNode m,
                                     Source source, Owner owner) {
        JsonNode body = m.get(member);
        ObjectNode b = Json.object();
        b.put("type", member);
        b.set(camel(member), body);
        String devAddr = hexLower(Json.text(ids, "dev_addr"));
        if (devAddr != null && "join_accept".equals(member)) {
            b.put("devAddr", devAddr);
        }
        if (m.hasNonNull("received_at")) {
            b.put("time", m.get("received_at").asText());
        }
        DownlinkOutcome outcome = null;
        String key = correlation(body.path("correlation_ids"));
        if (key == null) {
            key = correlation(m.path("correlation_ids"));
        }
        if (key != null) {
            switch (member) {
                case "downlink_queued":
                    outcome = new DownlinkOutcome(key, DownlinkOutcome.QUEUED, null);
                    break;
                case "downlink_sent":
                    outcome = new DownlinkOutcome(key, DownlinkOutcome.SENT, null);
                    break;
                case "downlink_ack":
                    outcome = new DownlinkOutcome(key, DownlinkOutcome.ACKNOWLEDGED, null);
                    break;
                case "downlink_nack":
                    outcome = new DownlinkOutcome(key, DownlinkOutcome.FAILED, "not acknowledged by the device (nack)");
                    break;
                case "downlink_failed":
                    outcome = new DownlinkOutcome(key, DownlinkOutcome.FAILED, "network server failed it: "
                            + body.path("error").path("message_format").asText(body.path("error").toString()));
                    break;
                case "downlink_queue_invalidated":
                    outcome = new DownlinkOutcome(key, DownlinkOutcome.FAILED, "downlink queue invalidated");
                    break;
                default:
                    break;
            }
        }
        return new DeviceEvent(devEui, name, b, source, owner, outcome);
    }

    /** The Estuary correlation key among TTS correlation ids, or null. */
    static String correlation(JsonNode ids) {
        for (JsonNode id : ids) {
            String s = id.asText();
            if (s.startsWith(CORRELATION_PREFIX)) {
                return s.substring(CORRELATION_PREFIX.length());
            }
        }
        return null;
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    private static String hexLower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }
}
