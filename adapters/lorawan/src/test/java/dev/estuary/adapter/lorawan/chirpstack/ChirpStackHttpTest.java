package dev.estuary.adapter.lorawan.chirpstack;

import static dev.estuary.adapter.lorawan.chirpstack.ChirpStackExpectations.DEV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.MutableClock;
import dev.estuary.core.spi.CodecContext;
import dev.estuary.core.spi.CodecException;
import dev.estuary.core.spi.PayloadCodec;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ChirpStack v4's HTTP integration (JSON marshaler) posting every published event sample to Estuary. */
@Timeout(30)
class ChirpStackHttpTest {
    @TempDir
    Path dir;
    private LorawanHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new LorawanHarness(LorawanHarness.chirpstackHttp(), dir);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void every_chirpstack_event_sample_is_published_on_its_unified_topic() throws Exception {
        for (String[] e : ChirpStackExpectations.EVENTS) {
            HttpResponse<String> res = h.post("/chirpstack?event=" + e[1], Fixtures.bytes(e[0]));
            assertThat(res.statusCode()).as(e[0] + ": " + res.body()).isEqualTo(200);
        }
        ChirpStackExpectations.assertEveryEventPublished(h.app, "chirpstack", "http");
        assertThat(h.metric("uplinks_published")).isEqualTo(1);
        assertThat(h.metric("events_published")).isEqualTo(6);
    }

    @Test
    void retained_status_tells_a_late_subscriber_the_battery_and_margin() throws Exception {
        h.post("/chirpstack?event=status", Fixtures.bytes("chirpstack-v4-status.json"));
        h.app.await("devices/lorawan/" + DEV + "/status", r -> r.json().path("details").has("margin"));
        try (var late = new dev.estuary.adapter.lorawan.testing.Subscriber(h.broker.uri(), "late",
                "devices/lorawan/" + DEV + "/status")) {
            var r = late.await("devices/lorawan/" + DEV + "/status");
            assertThat(r.retained()).isTrue();
            assertThat(r.json().path("details").path("batteryLevel").asDouble()).isEqualTo(88.3);
        }
    }

    @Test
    void the_same_uplink_posted_twice_is_published_once() throws Exception {
        assertThat(h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-up.json")).body()).contains("published");
        HttpResponse<String> again = h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-up.json"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).startsWith("duplicate");
        h.app.await("devices/lorawan/" + DEV + "/up/1");
        assertNoSecondUplinkWithin(Duration.ofMillis(300));
        assertThat(h.metric("duplicates_dropped")).isEqualTo(1);
    }

    private void assertNoSecondUplinkWithin(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
        assertThat(h.app.on("devices/lorawan/" + DEV + "/up/1")).hasSize(1);
    }

    @Test
    void the_published_downlink_command_sample_is_not_json_and_gets_400() throws Exception {
        HttpResponse<String> res = h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-command-down.jsonc"));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).startsWith("bad JSON");
        assertThat(h.metric("http_bad_requests")).isEqualTo(1);
    }

    @Test
    void unknown_or_missing_event_and_bad_bodies_get_400_with_a_message() throws Exception {
        byte[] up = Fixtures.bytes("chirpstack-v4-up.json");
        assertThat(h.post("/chirpstack?event=frobnicate", up).body()).contains("unknown ChirpStack event 'frobnicate'");
        assertThat(h.post("/chirpstack", up).body()).contains("missing ?event=");
        assertThat(h.post("/chirpstack?event=up", "[1,2]".getBytes(StandardCharsets.UTF_8)).body())
                .contains("not a JSON object");
        assertThat(h.post("/chirpstack?event=up", "{\"deviceInfo\":{}}".getBytes(StandardCharsets.UTF_8)).body())
                .contains("no valid deviceInfo.devEui");
        assertThat(h.post("/chirpstack?event=up", "{\"deviceInfo\":{\"devEui\":\"0101010101010101\"},\"data\":\"%%\"}"
                .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(h.metric("http_bad_requests")).isEqualTo(5);
        assertThat(h.post("/chirpstack?event=up", up).statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void requests_without_the_secret_get_401_and_are_counted() throws Exception {
        byte[] up = Fixtures.bytes("chirpstack-v4-up.json");
        HttpResponse<String> none = h.post("/chirpstack?event=up", up, "application/json", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(h.post("/chirpstack?event=up", up, "application/json", Map.of("Authorization", "Bearer wrong"))
                .statusCode()).isEqualTo(401);
        assertThat(h.metric("http_unauthorized")).isEqualTo(2);
        assertThat(h.app.on("devices/lorawan/" + DEV + "/up/1")).isEmpty();
    }

    @Test
    void secret_header_and_basic_auth_are_accepted() throws Exception {
        byte[] up = Fixtures.bytes("chirpstack-v4-up.json");
        assertThat(h.post("/chirpstack?event=up", up, "application/json", Map.of("X-Estuary-Secret", "s3cret"))
                .statusCode()).isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString("chirpstack:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(h.post("/chirpstack?event=join", Fixtures.bytes("chirpstack-v4-join.json"), "application/json",
                Map.of("Authorization", "Basic " + basic)).statusCode()).isEqualTo(200);
    }

    @Test
    void wrong_path_and_method_get_404_and_405() throws Exception {
        assertThat(h.post("/elsewhere?event=up", Fixtures.bytes("chirpstack-v4-up.json")).statusCode())
                .isEqualTo(404);
        var get = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + h.adapter.httpPort()
                + "/chirpstack?event=up")).header("Authorization", "Bearer s3cret").GET().build();
        assertThat(h.http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void a_body_above_the_limit_gets_413() throws Exception {
        byte[] big = new byte[(1 << 20) + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(h.post("/chirpstack?event=up", big).statusCode()).isEqualTo(413);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-up.json")).statusCode())
                        .isEqualTo(200));
    }

    /** A codec contributed through the PayloadCodec extension point (here registered directly) chosen per device. */
    @Test
    void a_vendor_codec_chosen_for_the_device_decodes_its_uplinks_and_failures_keep_the_raw_data() throws Exception {
        h.close();
        ObjectNode c = LorawanHarness.chirpstackHttp();
        c.putObject("devices").putObject(DEV).put("codec", "acme-counter");
        c.putObject("applications").putObject("17c82e96-be03-4f38-aef3-f83d48582d97").put("codec", "cayenne-lpp");
        h = new LorawanHarness(c, dir.resolve("second"), new MutableClock(), null, runtime ->
                runtime.codecs().register(new PayloadCodec() {
                    @Override
                    public String id() {
                        return "acme-counter";
                    }

                    @Override
                    public Map<String, Object> decode(byte[] payload, CodecContext ctx) throws CodecException {
                        if (payload.length != 1) {
                            throw new CodecException("acme counters are one byte, got " + payload.length);
                        }
                        return Map.of("count", payload[0] & 0xff, "port", ctx.port());
                    }

                    @Override
                    public byte[] encode(Map<String, Object> object, CodecContext ctx) {
                        return new byte[] {((Number) object.get("count")).byteValue()};
                    }
                }, "acme-plugin"));
        assertThat(h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-up.json")).statusCode()).isEqualTo(200);
        JsonNode u = h.app.await("devices/lorawan/" + DEV + "/up/1").json();
        assertThat(u.path("decodedBy").asText()).isEqualTo("acme-counter");
        assertThat(u.path("decoded").path("count").asInt()).isEqualTo(0xaa);
        assertThat(u.path("decoded").path("port").asInt()).isEqualTo(1);

        ObjectNode two = (ObjectNode) LorawanHarness.JSON.readTree(Fixtures.bytes("chirpstack-v4-up.json"));
        two.put("fCnt", 1).put("data", "AQI=");
        h.post("/chirpstack?event=up", LorawanHarness.JSON.writeValueAsBytes(two));
        JsonNode bad = h.app.await("devices/lorawan/" + DEV + "/up/1", r -> r.json().path("fCnt").asInt() == 1).json();
        assertThat(bad.path("data").asText()).isEqualTo("AQI=");
        assertThat(bad.has("decoded")).isFalse();
        assertThat(bad.path("decodeError").asText()).contains("one byte, got 2");
        assertThat(h.metric("codec_errors")).isEqualTo(1);
    }
}
