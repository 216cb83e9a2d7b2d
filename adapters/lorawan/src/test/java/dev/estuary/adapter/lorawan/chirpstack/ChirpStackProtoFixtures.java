package dev.estuary.adapter.lorawan.chirpstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The ChirpStack JSON samples re-encoded as ChirpStack's Protobuf marshaler sends them: protobuf-java's
 * {@link CodedOutputStream} and well-known types (Timestamp, Duration, Struct) do the encoding, with the field
 * numbers of chirpstack {@code api/proto/integration/integration.proto}, {@code gw/gw.proto} and
 * {@code common/common.proto}. Only the fields the samples carry are written (proto3 skips defaults).
 */
final class ChirpStackProtoFixtures {
    private static final List<String> CODE_RATES = List.of("CR_UNDEFINED", "CR_4_5", "CR_4_6", "CR_4_7", "CR_4_8");
    private static final List<String> LEVELS = List.of("INFO", "WARNING", "ERROR");
    private static final List<String> CODES = List.of("UNKNOWN", "DOWNLINK_PAYLOAD_SIZE", "UPLINK_CODEC",
            "DOWNLINK_CODEC", "OTAA", "UPLINK_F_CNT_RESET", "UPLINK_MIC");

    private ChirpStackProtoFixtures() {
    }

    interface Body {
        void write(CodedOutputStream c) throws IOException;
    }

    static byte[] encode(String fixture, String event) {
        try {
            JsonNode e = LorawanHarness.JSON.readTree(Fixtures.bytes(fixture));
            return bytes(c -> {
                switch (event) {
                    case "up":
                        common(c, e, 1, 2, 3);
                        str(c, 4, e, "devAddr");
                        if (e.has("dr")) {
                            c.writeUInt32(6, e.get("dr").asInt());
                        }
                        if (e.has("fPort")) {
                            c.writeUInt32(8, e.get("fPort").asInt());
                        }
                        c.writeBytes(10, ByteString.copyFrom(Base64.getDecoder().decode(e.get("data").asText())));
                        for (JsonNode rx : e.get("rxInfo")) {
                            c.writeBytes(12, msg(r -> {
                                str(r, 1, rx, "gatewayId");
                                r.writeUInt32(2, (int) rx.get("uplinkId").asLong());
                                r.writeInt32(6, rx.get("rssi").asInt());
                                r.writeFloat(7, (float) rx.get("snr").asDouble());
                                r.writeBytes(13, ByteString.copyFrom(Base64.getDecoder().decode(rx.get("context")
                                        .asText())));
                                for (Map.Entry<String, JsonNode> m : rx.get("metadata").properties()) {
                                    r.writeBytes(15, mapEntry(m.getKey(), m.getValue().asText()));
                                }
                            }));
                        }
                        c.writeBytes(13, msg(t -> {
                            t.writeUInt32(1, e.get("txInfo").get("frequency").asInt());
                            t.writeBytes(2, modulation(e.get("txInfo").get("modulation")));
                        }));
                        break;
                    case "join":
                        common(c, e, 1, 2, 3);
                        str(c, 4, e, "devAddr");
                        break;
                    case "ack":
                        common(c, e, 1, 2, 3);
                        str(c, 4, e, "queueItemId");
                        c.writeBool(5, e.get("acknowledged").asBoolean());
                        c.writeUInt32(6, e.get("fCntDown").asInt());
                        break;
                    case "txack": {
                        c.writeUInt32(1, (int) e.get("downlinkId").asLong());
                        common(c, e, -1, 2, 3);
                        str(c, 4, e, "queueItemId");
                        c.writeUInt32(5, e.get("fCntDown").asInt());
                        str(c, 6, e, "gatewayId");
                        JsonNode tx = e.get("txInfo");
                        c.writeBytes(7, msg(t -> {
                            t.writeUInt32(1, tx.get("frequency").asInt());
                            t.writeInt32(2, tx.get("power").asInt());
                            t.writeBytes(3, modulation(tx.get("modulation")));
                            t.writeBytes(6, msg(timing -> timing.writeBytes(2, msg(delay -> delay.writeMessage(1,
                                    Duration.newBuilder().setSeconds(java.time.Duration.parse("PT" + tx.get("timing")
                                            .get("delay").get("delay").asText().toUpperCase()).getSeconds()).build())))));
                            t.writeBytes(7, ByteString.copyFrom(Base64.getDecoder().decode(tx.get("context").asText())));
                        }));
                        break;
                    }
                    case "status":
                        common(c, e, 1, 2, 3);
                        c.writeInt32(5, e.get("margin").asInt());
                        c.writeFloat(8, (float) e.get("batteryLevel").asDouble());
                        break;
                    case "log":
                        common(c, e, -1, 1, 2);
                        c.writeEnum(3, LEVELS.indexOf(e.get("level").asText()));
                        c.writeEnum(4, CODES.indexOf(e.get("code").asText()));
                        str(c, 5, e, "description");
                        for (Map.Entry<String, JsonNode> m : e.get("context").properties()) {
                            c.writeBytes(6, mapEntry(m.getKey(), m.getValue().asText()));
                        }
                        break;
                    case "location":
                        common(c, e, 1, 2, 3);
                        c.writeBytes(4, msg(l -> {
                            l.writeDouble(1, e.get("location").get("latitude").asDouble());
                            l.writeDouble(2, e.get("location").get("longitude").asDouble());
                            l.writeDouble(3, e.get("location").get("altitude").asDouble());
                        }));
                        break;
                    case "integration":
                        common(c, e, 1, 2, 3);
                        str(c, 4, e, "integrationName");
                        str(c, 5, e, "eventType");
                        c.writeMessage(6, struct(e.get("object")));
                        break;
                    default:
                        throw new IllegalArgumentException(event);
                }
            });
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void common(CodedOutputStream c, JsonNode e, int dedup, int time, int deviceInfo)
            throws IOException {
        if (dedup > 0 && e.has("deduplicationId")) {
            str(c, dedup, e, "deduplicationId");
        }
        Instant t = OffsetDateTime.parse(e.get("time").asText()).toInstant();
        c.writeMessage(time, Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build());
        JsonNode d = e.get("deviceInfo");
        c.writeBytes(deviceInfo, msg(m -> {
            String[] names = {"tenantId", "tenantName", "applicationId", "applicationName", "deviceProfileId",
                "deviceProfileName", "deviceName", "devEui"};
            for (int i = 0; i < names.length; i++) {
                str(m, i + 1, d, names[i]);
            }
            if (d.has("tags")) {
                for (Map.Entry<String, JsonNode> tag : d.get("tags").properties()) {
                    m.writeBytes(9, mapEntry(tag.getKey(), tag.getValue().asText()));
                }
            }
        }));
    }

    private static ByteString modulation(JsonNode m) throws IOException {
        JsonNode lora = m.get("lora");
        return msg(mod -> mod.writeBytes(3, msg(l -> {
            l.writeUInt32(1, lora.get("bandwidth").asInt());
            l.writeUInt32(2, lora.get("spreadingFactor").asInt());
            if (lora.has("polarizationInversion")) {
                l.writeBool(4, lora.get("polarizationInversion").asBoolean());
            }
            l.writeEnum(5, CODE_RATES.indexOf(lora.get("codeRate").asText()));
        })));
    }

    private static Struct struct(JsonNode o) {
        Struct.Builder b = Struct.newBuilder();
        for (Map.Entry<String, JsonNode> f : o.properties()) {
            b.putFields(f.getKey(), value(f.getValue()));
        }
        return b.build();
    }

    private static Value value(JsonNode v) {
        if (v.isNull()) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (v.isNumber()) {
            return Value.newBuilder().setNumberValue(v.asDouble()).build();
        }
        if (v.isTextual()) {
            return Value.newBuilder().setStringValue(v.asText()).build();
        }
        if (v.isBoolean()) {
            return Value.newBuilder().setBoolValue(v.asBoolean()).build();
        }
        if (v.isArray()) {
            ListValue.Builder l = ListValue.newBuilder();
            v.forEach(x -> l.addValues(value(x)));
            return Value.newBuilder().setListValue(l).build();
        }
        return Value.newBuilder().setStructValue(struct(v)).build();
    }

    private static ByteString mapEntry(String k, String v) throws IOException {
        return msg(m -> {
            m.writeString(1, k);
            m.writeString(2, v);
        });
    }

    private static void str(CodedOutputStream c, int n, JsonNode e, String field) throws IOException {
        if (e.hasNonNull(field) && !e.get(field).asText().isEmpty()) {
            c.writeString(n, e.get(field).asText());
        }
    }

    private static ByteString msg(Body body) throws IOException {
        return ByteString.copyFrom(bytes(body));
    }

    private static byte[] bytes(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        body.write(c);
        c.flush();
        return out.toByteArray();
    }
}
