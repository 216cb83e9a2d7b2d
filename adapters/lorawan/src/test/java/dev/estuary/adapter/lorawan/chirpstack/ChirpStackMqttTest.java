package dev.estuary.adapter.lorawan.chirpstack;

import static dev.estuary.adapter.lorawan.chirpstack.ChirpStackExpectations.APP;
import static dev.estuary.adapter.lorawan.chirpstack.ChirpStackExpectations.DEV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.lorawan.testing.FakeNetworkServer;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import dev.estuary.adapter.lorawan.testing.MutableClock;
import dev.estuary.adapter.lorawan.testing.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ChirpStack v4's MQTT integration: Estuary subscribes to the network server's broker (a second broker here, the
 * network server a HiveMQ client) for {@code application/+/device/+/event/+} and sends downlinks to
 * {@code application/{applicationId}/device/{devEui}/command/down}.
 */
@Timeout(40)
class ChirpStackMqttTest {
    @TempDir
    Path dir;
    private FakeNetworkServer ns;
    private LorawanHarness h;
    private final MutableClock clock = new MutableClock();

    private void start(boolean sharedGroup, boolean cayenne) throws Exception {
        start(sharedGroup, cayenne, null);
    }

    private void start(boolean sharedGroup, boolean cayenne, String configuredDevice) throws Exception {
        ns = new FakeNetworkServer("application/+/device/+/command/down");
        ObjectNode c = LorawanHarness.chirpstackHttp();
        ObjectNode mqtt = ((ObjectNode) c.get("network_servers").get(0)).putObject("mqtt").put("server", ns.uri());
        if (sharedGroup) {
            mqtt.put("shared_group", "estuary");
        }
        if (cayenne) {
            c.putObject("applications").putObject(APP).put("codec", "cayenne-lpp");
        }
        if (configuredDevice != null) {
            c.putObject("devices").putObject(configuredDevice).put("codec", "cayenne-lpp");
        }
        h = new LorawanHarness(c, dir, clock, null);
        await().atMost(Duration.ofSeconds(10)).until(h.adapter::networkServersSubscribed);
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static String eventTopic(String devEui, String event) {
        return "application/" + APP + "/device/" + devEui + "/event/" + event;
    }

    @Test
    void every_chirpstack_event_sample_published_on_the_network_servers_broker_reaches_the_unified_topics()
            throws Exception {
        start(true, false);
        for (String[] e : ChirpStackExpectations.EVENTS) {
            String dev = e[1].equals("integration") ? "0016c001f000175a" : DEV;
            ns.publish(eventTopic(dev, e[1]), Fixtures.bytes(e[0]));
        }
        ChirpStackExpectations.assertEveryEventPublished(h.app, "chirpstack", "mqtt");
        assertThat(h.metric("mqtt_messages")).isEqualTo(8);
    }

    @Test
    void the_same_uplink_from_http_and_mqtt_is_published_once() throws Exception {
        start(false, false);
        ns.publish(eventTopic(DEV, "up"), Fixtures.bytes("chirpstack-v4-up.json"));
        h.app.await("devices/lorawan/" + DEV + "/up/1");
        assertThat(h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-up.json")).body())
                .startsWith("duplicate");
        Thread.sleep(300); // proving that no second copy arrives
        assertThat(h.app.on("devices/lorawan/" + DEV + "/up/1")).hasSize(1);
        assertThat(h.metric("duplicates_dropped")).isEqualTo(1);
    }

    @Test
    void unreadable_messages_are_counted_and_the_next_one_still_works() throws Exception {
        start(false, false);
        ns.publish(eventTopic(DEV, "up"), "not json".getBytes(StandardCharsets.UTF_8));
        ns.publish(eventTopic(DEV, "frobnicate"), Fixtures.bytes("chirpstack-v4-up.json"));
        ns.publish(eventTopic(DEV, "up"), Fixtures.bytes("chirpstack-v4-up.json"));
        h.app.await("devices/lorawan/" + DEV + "/up/1");
        await().atMost(Duration.ofSeconds(5)).until(() -> h.metric("mqtt_bad_messages") == 2);
    }

    @Test
    void downlink_is_enqueued_as_a_chirpstack_command_and_its_outcome_reported_to_the_mqtt5_requester()
            throws Exception {
        start(false, false);
        ns.publish(eventTopic(DEV, "up"), Fixtures.bytes("chirpstack-v4-up.json"));
        h.app.await("devices/lorawan/" + DEV + "/up/1");

        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"fPort\":10,\"data\":\"AQID\",\"confirmed\":true}",
                "app/replies", "c1");
        Mqtt5Publish cmd = ns.nextCommand();
        assertThat(cmd).isNotNull();
        assertThat(cmd.getTopic().toString()).isEqualTo("application/" + APP + "/device/" + DEV + "/command/down");
        JsonNode c = LorawanHarness.JSON.readTree(cmd.getPayloadAsBytes());
        assertThat(c.path("devEui").asText()).as("must match the topic's DevEUI").isEqualTo(DEV);
        assertThat(c.path("fPort").asInt()).isEqualTo(10);
        assertThat(c.path("data").asText()).isEqualTo("AQID");
        assertThat(c.path("confirmed").asBoolean()).isTrue();
        String id = c.path("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        Set<String> fields = new TreeSet<>();
        c.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isSubsetOf(publishedCommandFields()).contains("devEui", "confirmed", "fPort", "data");

        Received queued = h.app.await("app/replies", r -> r.json().path("status").asText().equals("queued"));
        assertThat(new String(queued.correlationData(), StandardCharsets.UTF_8)).isEqualTo("c1");
        assertThat(queued.json().path("ok").asBoolean()).isTrue();
        assertThat(queued.json().path("correlationId").asText()).isEqualTo(id);
        assertThat(queued.json().path("networkServer").asText()).isEqualTo("chirpstack");

        ns.publish(eventTopic(DEV, "txack"), withQueueItem("chirpstack-v4-txack.json", id));
        Received sent = h.app.await("app/replies", r -> r.json().path("status").asText().equals("sent"));
        assertThat(new String(sent.correlationData(), StandardCharsets.UTF_8)).isEqualTo("c1");
        ns.publish(eventTopic(DEV, "ack"), withQueueItem("chirpstack-v4-ack.json", id));
        Received acked = h.app.await("app/replies", r -> r.json().path("status").asText().equals("acknowledged"));
        assertThat(acked.json().path("ok").asBoolean()).isTrue();
    }

    /** The fields of the published (comment-laden, invalid JSON) DownlinkCommand sample, plus ChirpStack's "id". */
    private static Set<String> publishedCommandFields() {
        Set<String> fields = new TreeSet<>();
        Matcher m = Pattern.compile("^\\s*\"(\\w+)\"\\s*:", Pattern.MULTILINE)
                .matcher(Fixtures.text("chirpstack-v4-command-down.jsonc"));
        while (m.find()) {
            fields.add(m.group(1));
        }
        fields.remove("temperatureSensor");
        fields.remove("humiditySensor");
        assertThat(fields).containsExactlyInAnyOrder("devEui", "confirmed", "fPort", "data", "object");
        fields.add("id");
        return fields;
    }

    private static byte[] withQueueItem(String fixture, String id) throws Exception {
        ObjectNode e = (ObjectNode) LorawanHarness.JSON.readTree(Fixtures.bytes(fixture));
        e.put("queueItemId", id);
        return LorawanHarness.JSON.writeValueAsBytes(e);
    }

    @Test
    void mqtt311_requester_gets_answers_with_its_id_on_the_reply_topic_and_objects_are_cayenne_encoded()
            throws Exception {
        start(false, true);
        ns.publish(eventTopic(DEV, "up"), Fixtures.bytes("chirpstack-v4-up.json"));
        h.app.await("devices/lorawan/" + DEV + "/up/1");
        MqttClient v3 = new MqttClient(h.broker.uri(), "app311", new MemoryPersistence());
        v3.connect();
        try {
            v3.publish("devices/lorawan/" + DEV + "/down", ("{\"id\":\"d7\",\"fPort\":5,"
                    + "\"object\":{\"temperatureSensor\":{\"1\":25}}}").getBytes(StandardCharsets.UTF_8), 1, false);
            JsonNode c = LorawanHarness.JSON.readTree(ns.nextCommand().getPayloadAsBytes());
            assertThat(c.path("data").asText()).isEqualTo("AWcA+g==");
            assertThat(c.has("object")).isFalse();
            Received r = h.app.await("devices/lorawan/" + DEV + "/reply");
            assertThat(r.json().path("id").asText()).isEqualTo("d7");
            assertThat(r.json().path("status").asText()).isEqualTo("queued");
        } finally {
            v3.disconnect();
            v3.close();
        }
    }

    @Test
    void without_an_estuary_codec_the_object_goes_to_chirpstack_to_encode() throws Exception {
        start(false, false);
        ns.publish(eventTopic(DEV, "up"), Fixtures.bytes("chirpstack-v4-up.json"));
        h.app.await("devices/lorawan/" + DEV + "/up/1");
        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"id\":\"o1\",\"fPort\":2,\"object\":{\"led\":true}}",
                null, null);
        JsonNode c = LorawanHarness.JSON.readTree(ns.nextCommand().getPayloadAsBytes());
        assertThat(c.path("object").path("led").asBoolean()).isTrue();
        assertThat(c.has("data")).isFalse();
    }

    @Test
    void downlinks_that_cannot_be_delivered_are_answered_with_an_error() throws Exception {
        start(false, false, DEV);
        h.app.await("devices/lorawan/" + DEV + "/status");
        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"id\":\"x1\",\"fPort\":1,\"data\":\"AQ==\"}", null, null);
        Received unknown = h.app.await("devices/lorawan/" + DEV + "/reply");
        assertThat(unknown.json().path("ok").asBoolean()).isFalse();
        assertThat(unknown.json().path("error").asText()).contains("no network server is known");
        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"id\":\"x2\",\"fPort\":0,\"data\":\"AQ==\"}", null, null);
        Received badPort = h.app.await("devices/lorawan/" + DEV + "/reply", r -> r.json().path("id").asText()
                .equals("x2"));
        assertThat(badPort.json().path("error").asText()).contains("fPort");
        assertThat(ns.noCommandWithin(200)).isTrue();
        assertThat(h.metric("downlinks_failed")).isEqualTo(2);
    }

    @Test
    void a_downlink_without_a_final_outcome_is_answered_with_a_timeout() throws Exception {
        start(false, false);
        ns.publish(eventTopic(DEV, "up"), Fixtures.bytes("chirpstack-v4-up.json"));
        h.app.await("devices/lorawan/" + DEV + "/up/1");
        h.app.publish("devices/lorawan/" + DEV + "/down", "{\"id\":\"t1\",\"fPort\":1,\"data\":\"AQ==\"}", null, null);
        assertThat(ns.nextCommand()).isNotNull();
        h.app.await("devices/lorawan/" + DEV + "/reply", r -> r.json().path("status").asText().equals("queued"));
        clock.advance(Duration.ofMinutes(16));
        Received timeout = h.app.await("devices/lorawan/" + DEV + "/reply",
                r -> r.json().path("status").asText().equals("timeout"));
        assertThat(timeout.json().path("ok").asBoolean()).isFalse();
        assertThat(timeout.json().path("lastStatus").asText()).isEqualTo("queued");
    }

    /** The LoRaWAN worked example of docs/topic-model.md, with mosquitto_pub as the application. */
    @Test
    void topic_model_worked_example() throws Exception {
        start(false, false);
        ObjectNode up = (ObjectNode) LorawanHarness.JSON.readTree(Fixtures.bytes("chirpstack-v4-up.json"));
        up.put("fPort", 10).put("fCnt", 42).put("data", "AQID");
        assertThat(h.post("/chirpstack?event=up", LorawanHarness.JSON.writeValueAsBytes(up)).statusCode())
                .isEqualTo(200);
        JsonNode u = h.app.await("devices/lorawan/" + DEV + "/up/10").json();
        assertThat(u.path("fCnt").asInt()).isEqualTo(42);
        assertThat(u.path("data").asText()).isEqualTo("AQID");
        assertThat(h.app.await("devices/lorawan/" + DEV + "/status").json().path("details").path("source").asText())
                .isEqualTo("chirpstack");

        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(h.broker.port()),
                "-t", "devices/lorawan/" + DEV + "/down", "-m",
                "{\"id\":\"d1\",\"fPort\":10,\"data\":\"AQID\",\"confirmed\":false}").inheritIO().start();
        assertThat(pub.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(pub.exitValue()).isZero();
        JsonNode c = LorawanHarness.JSON.readTree(ns.nextCommand().getPayloadAsBytes());
        assertThat(c.path("devEui").asText()).isEqualTo(DEV);
        assertThat(c.path("fPort").asInt()).isEqualTo(10);
        assertThat(c.path("data").asText()).isEqualTo("AQID");
        assertThat(c.path("confirmed").asBoolean()).isFalse();
        JsonNode queued = h.app.await("devices/lorawan/" + DEV + "/reply").json();
        assertThat(queued.path("id").asText()).isEqualTo("d1");
        assertThat(queued.path("ok").asBoolean()).isTrue();
        assertThat(queued.path("status").asText()).isEqualTo("queued");
        ns.publish(eventTopic(DEV, "txack"), withQueueItem("chirpstack-v4-txack.json", c.path("id").asText()));
        assertThat(h.app.await("devices/lorawan/" + DEV + "/reply", r -> r.json().path("status").asText()
                .equals("sent")).json().path("id").asText()).isEqualTo("d1");
    }
}
