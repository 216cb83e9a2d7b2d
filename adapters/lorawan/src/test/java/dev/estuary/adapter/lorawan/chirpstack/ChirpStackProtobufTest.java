package dev.estuary.adapter.lorawan.chirpstack;

import static dev.estuary.adapter.lorawan.chirpstack.ChirpStackExpectations.APP;
import static dev.estuary.adapter.lorawan.chirpstack.ChirpStackExpectations.DEV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.testing.FakeNetworkServer;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ChirpStack's Protobuf marshaler: the same samples, encoded by protobuf-java, read into the same JSON form. */
@Timeout(40)
class ChirpStackProtobufTest {
    @TempDir
    Path dir;

    /** Numbers equal by value (2 == 2.0), timestamps equal as instants (+00:00 == Z). */
    private static final Comparator<JsonNode> LOOSE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        if (a.isTextual() && b.isTextual() && a.asText().startsWith("20") && b.asText().startsWith("20")) {
            try {
                return java.time.OffsetDateTime.parse(a.asText()).toInstant()
                        .compareTo(Instant.parse(b.asText()));
            } catch (java.time.format.DateTimeParseException notATime) {
                return a.asText().compareTo(b.asText());
            }
        }
        return a.equals(b) ? 0 : 1;
    };

    @Test
    void every_sample_decodes_from_protobuf_to_its_published_json() throws Exception {
        for (String[] e : ChirpStackExpectations.EVENTS) {
            JsonNode fromProto = ChirpStackProtobuf.toJson(e[1], ChirpStackProtoFixtures.encode(e[0], e[1]));
            JsonNode published = LorawanHarness.JSON.readTree(Fixtures.bytes(e[0]));
            assertThat(fromProto.equals(LOOSE, published)).as(e[0] + "\n" + fromProto + "\n" + published).isTrue();
        }
    }

    @Test
    void truncated_or_mistyped_protobuf_is_refused() {
        byte[] up = ChirpStackProtoFixtures.encode("chirpstack-v4-up.json", "up");
        assertThatThrownBy(() -> ChirpStackProtobuf.toJson("up", java.util.Arrays.copyOf(up, up.length - 3)))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> ChirpStackProtobuf.toJson("up", new byte[] {0x42, 0x01, 0x01}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("wire type");
        assertThatThrownBy(() -> ChirpStackProtobuf.toJson("nope", up)).hasMessageContaining("unknown");
    }

    @Test
    void protobuf_events_over_http_reach_the_unified_topics() throws Exception {
        try (LorawanHarness h = new LorawanHarness(LorawanHarness.chirpstackHttp(), dir)) {
            for (String[] e : ChirpStackExpectations.EVENTS) {
                HttpResponse<String> res = h.post("/chirpstack?event=" + e[1], ChirpStackProtoFixtures.encode(e[0],
                        e[1]), "application/octet-stream", Map.of("Authorization", "Bearer s3cret"));
                assertThat(res.statusCode()).as(e[0] + ": " + res.body()).isEqualTo(200);
            }
            ChirpStackExpectations.assertEveryEventPublished(h.app, "chirpstack", "http");
        }
    }

    @Test
    void protobuf_events_over_mqtt_reach_the_unified_topics_and_commands_go_out_in_protobuf() throws Exception {
        try (FakeNetworkServer ns = new FakeNetworkServer("application/+/device/+/command/down")) {
            ObjectNode c = LorawanHarness.chirpstackHttp();
            ((ObjectNode) c.get("network_servers").get(0)).putObject("mqtt").put("server", ns.uri())
                    .put("encoding", "protobuf");
            try (LorawanHarness h = new LorawanHarness(c, dir)) {
                await().atMost(Duration.ofSeconds(10)).until(h.adapter::networkServersSubscribed);
                for (String[] e : ChirpStackExpectations.EVENTS) {
                    String dev = e[1].equals("integration") ? "0016c001f000175a" : DEV;
                    ns.publish("application/" + APP + "/device/" + dev + "/event/" + e[1],
                            ChirpStackProtoFixtures.encode(e[0], e[1]));
                }
                ChirpStackExpectations.assertEveryEventPublished(h.app, "chirpstack", "mqtt");
                h.app.publish("devices/lorawan/" + DEV + "/down", "{\"fPort\":3,\"data\":\"AQID\",\"confirmed\":true}",
                        null, null);
                var cmd = ns.nextCommand();
                // DownlinkCommand: id=1 string, dev_eui=2 string, confirmed=3 bool, f_port=4 uint32, data=5 bytes
                var in = com.google.protobuf.CodedInputStream.newInstance(cmd.getPayloadAsBytes());
                Map<Integer, Object> fields = new java.util.HashMap<>();
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    int n = tag >>> 3;
                    fields.put(n, n == 3 ? in.readBool() : n == 4 ? in.readUInt32() : n == 5 ? in.readBytes()
                            : in.readStringRequireUtf8());
                }
                assertThat(fields.get(2)).isEqualTo(DEV);
                assertThat(fields.get(3)).isEqualTo(true);
                assertThat(fields.get(4)).isEqualTo(3);
                assertThat(((com.google.protobuf.ByteString) fields.get(5)).toByteArray()).containsExactly(1, 2, 3);
                assertThat((String) fields.get(1)).matches("[0-9a-f-]{36}");
            }
        }
    }
}
