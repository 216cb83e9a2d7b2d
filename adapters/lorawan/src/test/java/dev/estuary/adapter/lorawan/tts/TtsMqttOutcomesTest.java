package dev.estuary.adapter.lorawan.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.lorawan.testing.FakeNetworkServer;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import dev.estuary.adapter.lorawan.testing.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Things Stack's MQTT server reporting what became of a downlink ({@code down/nack}, {@code down/failed}) and a
 * device joining ({@code join}): the requester gets a failed outcome, the events reach the unified topics.
 */
@Timeout(40)
class TtsMqttOutcomesTest {
    static final String DEV = "4200000000000000";
    static final String PREFIX = "v3/app1@tenant1/devices/dev1";

    @TempDir
    Path dir;
    private FakeNetworkServer ns;
    private LorawanHarness h;

    @BeforeEach
    void start() throws Exception {
        ns = new FakeNetworkServer("v3/+/devices/+/down/push");
        ObjectNode c = LorawanHarness.JSON.createObjectNode();
        ObjectNode server = c.putArray("network_servers").addObject().put("name", "tts").put("type", "tts")
                .put("tenant", "tenant1");
        server.putObject("mqtt").put("server", ns.uri()).put("username", "app1@tenant1").put("password", "NNSXS.K");
        h = new LorawanHarness(c, dir);
        await().atMost(Duration.ofSeconds(10)).until(h.adapter::networkServersSubscribed);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        ns.close();
    }

    /** Sends a confirmed downlink for the sample device and returns the correlation id TTS got with it. */
    private String queuedConfirmedDownlink(String requestCorrelation) throws Exception {
        ns.publish(PREFIX + "/up", Fixtures.bytes("tts-v3-mqtt-up.json"));
        h.app.await("devices/lorawan/" + DEV + "/up/15");
        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"id\":\"d-" + requestCorrelation
                + "\",\"fPort\":15,\"data\":\"vu8=\",\"confirmed\":true}", "app/replies", requestCorrelation);
        Mqtt5Publish push = ns.nextCommand();
        assertThat(push).isNotNull();
        assertThat(push.getTopic().toString()).isEqualTo(PREFIX + "/down/push");
        JsonNode body = LorawanHarness.JSON.readTree(push.getPayloadAsBytes());
        String correlation = body.path("downlinks").get(0).path("correlation_ids").get(0).asText();
        assertThat(correlation).startsWith(TtsEvents.CORRELATION_PREFIX);
        h.app.await("app/replies", r -> corr(r).equals(requestCorrelation)
                && r.json().path("status").asText().equals("queued"));
        return correlation;
    }

    private static String corr(Received r) {
        return r.correlationData() == null ? "" : new String(r.correlationData(), StandardCharsets.UTF_8);
    }

    /** The end_device_ids of the published samples (the uplink's device). */
    private static ObjectNode applicationUp(String correlation) throws Exception {
        ObjectNode up = (ObjectNode) LorawanHarness.JSON.readTree(Fixtures.bytes("tts-v3-mqtt-down-ack.json"));
        up.remove("downlink_ack");
        // TTS puts its own context ids first, then the downlink's own correlation ids
        up.putArray("correlation_ids").add("as:downlink:01HZX3Q4M9PZ7J3WV6R2ZC8Y5N").add(correlation);
        up.put("received_at", "2026-11-25T10:00:00.123456789Z");
        return up;
    }

    private static ObjectNode downlink(String correlation) {
        ObjectNode d = LorawanHarness.JSON.createObjectNode();
        d.put("session_key_id", "AWnj0318qrtJ7kbudd8Vmw==").put("f_port", 15).put("f_cnt", 12)
                .put("frm_payload", "vu8=").put("confirmed", true).put("priority", "NORMAL");
        d.putArray("correlation_ids").add(correlation);
        return d;
    }

    @Test
    void a_nack_fails_the_confirmed_downlink_for_its_requester_and_is_published_as_an_event() throws Exception {
        String correlation = queuedConfirmedDownlink("n1");
        ObjectNode nack = applicationUp(correlation);
        nack.set("downlink_nack", downlink(correlation));
        ns.publish(PREFIX + "/down/nack", LorawanHarness.JSON.writeValueAsBytes(nack));

        Received failed = h.app.await("app/replies", r -> corr(r).equals("n1")
                && r.json().path("status").asText().equals("failed"));
        JsonNode a = failed.json();
        assertThat(a.path("ok").asBoolean()).isFalse();
        assertThat(a.path("id").asText()).isEqualTo("d-n1");
        assertThat(a.path("networkServer").asText()).isEqualTo("tts");
        assertThat(a.path("correlationId").asText())
                .isEqualTo(correlation.substring(TtsEvents.CORRELATION_PREFIX.length()));
        assertThat(a.path("error").asText()).contains("nack");

        JsonNode event = h.app.await("devices/lorawan/" + DEV + "/events/nack").json();
        assertThat(event.path("type").asText()).isEqualTo("downlink_nack");
        assertThat(event.path("downlinkNack").path("f_cnt").asInt()).isEqualTo(12);
        assertThat(event.path("time").asText()).isEqualTo("2026-11-25T10:00:00.123456789Z");
    }

    @Test
    void a_failed_downlink_is_answered_with_the_network_servers_error_and_published_as_an_event() throws Exception {
        String correlation = queuedConfirmedDownlink("f1");
        ObjectNode failedUp = applicationUp(correlation);
        ObjectNode body = failedUp.putObject("downlink_failed");
        body.set("downlink", downlink(correlation));
        body.putObject("error").put("namespace", "pkg/networkserver").put("name", "application_downlink_too_long")
                .put("message_format", "application downlink payload too long").put("code", 3);
        ns.publish(PREFIX + "/down/failed", LorawanHarness.JSON.writeValueAsBytes(failedUp));

        Received failed = h.app.await("app/replies", r -> corr(r).equals("f1")
                && r.json().path("status").asText().equals("failed"));
        assertThat(failed.json().path("ok").asBoolean()).isFalse();
        assertThat(failed.json().path("id").asText()).isEqualTo("d-f1");
        assertThat(failed.json().path("error").asText()).isEqualTo(
                "network server failed it: application downlink payload too long");

        JsonNode event = h.app.await("devices/lorawan/" + DEV + "/events/downlink-failed").json();
        assertThat(event.path("type").asText()).isEqualTo("downlink_failed");
        assertThat(event.path("downlinkFailed").path("error").path("name").asText())
                .isEqualTo("application_downlink_too_long");
        assertThat(event.path("downlinkFailed").path("downlink").path("f_port").asInt()).isEqualTo(15);
    }

    @Test
    void a_join_over_mqtt_is_published_as_the_join_event_and_makes_the_device_reachable() throws Exception {
        String dev = "0004a30b001c0530"; // the sample's DevEUI, lower case in topics
        ns.publish(PREFIX + "/join", Fixtures.bytes("tts-v3-join-accept.json"));
        JsonNode join = h.app.await("devices/lorawan/" + dev + "/events/join").json();
        assertThat(join.path("type").asText()).isEqualTo("join_accept");
        assertThat(join.path("devAddr").asText()).isEqualTo("01497ecc");
        assertThat(join.path("joinAccept").path("session_key_id").asText()).isEqualTo("AXBSH1Pk6Z0G166RlH16CQ==");
        assertThat(join.path("time").asText()).isEqualTo("2020-02-17T07:49:09.935284891Z");

        // the join taught Estuary where the device lives: a downlink goes back under the join's topic prefix
        h.app.publish("devices/lorawan/" + dev + "/down", "{\"fPort\":2,\"data\":\"AQ==\"}", "app/replies", "j1");
        Mqtt5Publish push = ns.nextCommand();
        assertThat(push).isNotNull();
        assertThat(push.getTopic().toString()).isEqualTo(PREFIX + "/down/push");
        assertThat(LorawanHarness.JSON.readTree(push.getPayloadAsBytes()).path("downlinks").get(0)
                .path("frm_payload").asText()).isEqualTo("AQ==");
        assertThat(h.app.await("app/replies", r -> corr(r).equals("j1")).json().path("status").asText())
                .isEqualTo("queued");
    }
}
