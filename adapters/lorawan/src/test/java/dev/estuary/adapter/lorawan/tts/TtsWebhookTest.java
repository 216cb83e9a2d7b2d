package dev.estuary.adapter.lorawan.tts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import dev.estuary.adapter.lorawan.testing.Received;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Things Stack's webhook integration posting the published samples, and downlinks sent back through the
 * webhook's downlink API (a JDK HTTP server stands in for TTS's).
 */
@Timeout(30)
class TtsWebhookTest {
    static final String DEV = "0004a30b001c0530";

    @TempDir
    Path dir;
    private LorawanHarness h;
    private HttpServer tts;
    private final LinkedBlockingQueue<String[]> pushes = new LinkedBlockingQueue<>();
    private volatile int pushStatus = 200;

    @BeforeEach
    void start() throws Exception {
        ObjectNode c = LorawanHarness.JSON.createObjectNode();
        c.putObject("http").put("bind", "127.0.0.1").put("port", 0);
        ObjectNode ns = c.putArray("network_servers").addObject().put("name", "ttn").put("type", "tts");
        ns.putObject("http").put("path", "/tts").put("secret", "s3cret");
        h = new LorawanHarness(c, dir);
        tts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tts.createContext("/", ex -> {
            pushes.add(new String[] {ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(pushStatus, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        tts.start();
    }

    @AfterEach
    void stop() throws Exception {
        tts.stop(0);
        h.close();
    }

    private HttpResponse<String> webhook(String path, byte[] body, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("Authorization", "Bearer s3cret");
        return h.post(path, body, "application/json", headers);
    }

    @Test
    void uplink_sample_is_published_with_its_decoded_payload_and_gateway_metadata() throws Exception {
        HttpResponse<String> res = webhook("/tts/uplink", Fixtures.bytes("tts-v3-uplink-message.json"), Map.of());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        Received r = h.app.await("devices/lorawan/" + DEV + "/up");
        JsonNode u = r.json();
        assertThat(u.path("devEui").asText()).isEqualTo(DEV);
        assertThat(u.path("fPort").asInt()).as("absent f_port is 0").isZero();
        assertThat(u.path("fCnt").asInt()).isEqualTo(1);
        assertThat(u.path("data").asText()).isEqualTo("gkHe");
        assertThat(u.path("decoded").path("temperature").asDouble()).isEqualTo(1.0);
        assertThat(u.path("decoded").path("luminosity").asDouble()).isEqualTo(0.64);
        assertThat(u.path("decodedBy").asText()).isEqualTo("network-server");
        assertThat(u.path("applicationId").asText()).isEqualTo("app1");
        assertThat(u.path("deviceName").asText()).isEqualTo("dev1");
        assertThat(u.path("devAddr").asText()).isEqualTo("00bcb929");
        assertThat(u.path("frequency").asLong()).isEqualTo(868300000L);
        assertThat(u.path("spreadingFactor").asInt()).isEqualTo(7);
        assertThat(u.path("bandwidth").asInt()).isEqualTo(125000);
        assertThat(u.path("codeRate").asText()).isEqualTo("4/6");
        assertThat(u.path("time").asText()).isEqualTo("2020-02-12T15:15:45.789585559Z");
        assertThat(u.path("source").asText()).isEqualTo("ttn");
        assertThat(u.path("via").asText()).isEqualTo("http");
        JsonNode rx = u.path("rx").get(0);
        assertThat(rx.path("gatewayId").asText()).isEqualTo("gtw1");
        assertThat(rx.path("gatewayEui").asText()).isEqualTo("9c5c8e00001a05c4");
        assertThat(rx.path("rssi").asInt()).isEqualTo(-35);
        assertThat(rx.path("snr").asDouble()).isEqualTo(5.0);
        assertThat(rx.path("channel").asInt()).isEqualTo(2);
        assertThat(rx.path("dataRate").asText()).isEqualTo("SF7BW125");
        assertThat(rx.path("time").asText()).isEqualTo("2020-02-12T15:15:45.787Z");
    }

    @Test
    void the_uplink_sample_as_published_is_invalid_json_and_gets_400() throws Exception {
        HttpResponse<String> res = webhook("/tts/uplink", Fixtures.bytes("tts-v3-uplink-message.published.txt"),
                Map.of());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).startsWith("bad JSON");
        assertThat(h.metric("http_bad_requests")).isEqualTo(1);
    }

    @Test
    void join_accept_sample_becomes_a_join_event() throws Exception {
        assertThat(webhook("/tts/join", Fixtures.bytes("tts-v3-join-accept.json"), Map.of()).statusCode())
                .isEqualTo(200);
        JsonNode j = h.app.await("devices/lorawan/" + DEV + "/events/join").json();
        assertThat(j.path("devAddr").asText()).isEqualTo("01497ecc");
        assertThat(j.path("joinAccept").path("session_key_id").asText()).isEqualTo("AXBSH1Pk6Z0G166RlH16CQ==");
        assertThat(j.path("time").asText()).isEqualTo("2020-02-17T07:49:09.935284891Z");
        assertThat(j.path("source").asText()).isEqualTo("ttn");
    }

    @Test
    void a_downlink_body_posted_as_an_event_is_refused_with_400() throws Exception {
        HttpResponse<String> res = webhook("/tts", Fixtures.bytes("tts-v3-downlink-message.json"), Map.of());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("no supported message");
    }

    @Test
    void downlink_goes_to_the_webhook_push_url_with_the_api_key_and_its_outcome_comes_back() throws Exception {
        String push = "http://127.0.0.1:" + tts.getAddress().getPort()
                + "/api/v3/as/applications/app1/webhooks/estuary/devices/dev1/down/push";
        webhook("/tts/uplink", Fixtures.bytes("tts-v3-uplink-message.json"),
                Map.of("X-Downlink-Push", push, "X-Downlink-Apikey", "NNSXS.TESTKEY", "X-Tts-Domain", "localhost"));
        h.app.await("devices/lorawan/" + DEV + "/up");

        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"id\":\"w1\",\"fPort\":15,\"data\":\"vu8=\"}", null, null);
        String[] req = pushes.poll(10, TimeUnit.SECONDS);
        assertThat(req).isNotNull();
        assertThat(req[0]).endsWith("/devices/dev1/down/push");
        assertThat(req[1]).isEqualTo("Bearer NNSXS.TESTKEY");
        JsonNode body = LorawanHarness.JSON.readTree(req[2]);
        JsonNode dl = body.path("downlinks").get(0);
        assertThat(dl.path("f_port").asInt()).isEqualTo(15);
        assertThat(dl.path("frm_payload").asText()).isEqualTo("vu8=");
        assertThat(fields(dl)).isSubsetOf(fields(LorawanHarness.JSON.readTree(
                Fixtures.bytes("tts-v3-downlink-message.json")).path("downlinks").get(0)));
        String correlation = dl.path("correlation_ids").get(0).asText();
        assertThat(correlation).startsWith("estuary:");
        Received queued = h.app.await("devices/lorawan/" + DEV + "/reply", r -> r.json().path("status").asText()
                .equals("queued"));
        assertThat(queued.json().path("id").asText()).isEqualTo("w1");

        ObjectNode sent = (ObjectNode) LorawanHarness.JSON.readTree(Fixtures.bytes("tts-v3-join-accept.json"));
        sent.remove("join_accept");
        sent.putArray("correlation_ids").add(correlation);
        sent.putObject("downlink_sent").put("f_port", 15).put("frm_payload", "vu8=").putArray("correlation_ids")
                .add(correlation);
        assertThat(webhook("/tts/down/sent", LorawanHarness.JSON.writeValueAsBytes(sent), Map.of()).statusCode())
                .isEqualTo(200);
        Received done = h.app.await("devices/lorawan/" + DEV + "/reply", r -> r.json().path("status").asText()
                .equals("sent"));
        assertThat(done.json().path("ok").asBoolean()).isTrue();
        h.app.await("devices/lorawan/" + DEV + "/events/txack");
    }

    @Test
    void a_push_the_network_server_refuses_is_answered_failed() throws Exception {
        pushStatus = 403;
        String push = "http://127.0.0.1:" + tts.getAddress().getPort() + "/down/push";
        webhook("/tts/uplink", Fixtures.bytes("tts-v3-uplink-message.json"),
                Map.of("X-Downlink-Push", push, "X-Downlink-Apikey", "bad"));
        h.app.await("devices/lorawan/" + DEV + "/up");
        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"id\":\"w2\",\"fPort\":1,\"data\":\"AQ==\"}", null, null);
        Received failed = h.app.await("devices/lorawan/" + DEV + "/reply", r -> r.json().path("id").asText()
                .equals("w2"));
        assertThat(failed.json().path("ok").asBoolean()).isFalse();
        assertThat(failed.json().path("status").asText()).isEqualTo("failed");
        assertThat(failed.json().path("error").asText()).contains("403");
    }

    static Set<String> fields(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
