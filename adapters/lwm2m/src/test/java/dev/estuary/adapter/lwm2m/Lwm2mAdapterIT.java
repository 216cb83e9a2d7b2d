package dev.estuary.adapter.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.testing.Lwm2mGateway;
import dev.estuary.adapter.lwm2m.testing.MqttProbe;
import dev.estuary.adapter.lwm2m.testing.TestClient;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.AuthResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The LwM2M plugin, installed from its zip into a running gateway, driven end to end: real Leshan clients on one
 * side, Paho MQTT 5 and 3.1.1 clients on the other. One gateway serves the whole class; each test uses its own
 * endpoint names.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Lwm2mAdapterIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Lwm2mGateway gateway;
    private MqttProbe app;
    private final List<TestClient> clients = new ArrayList<>();
    private TestClient badCommands;

    @BeforeAll
    void start_gateway(@TempDir Path dir) throws Exception {
        ObjectNode cfg = Lwm2mGateway.JSON.createObjectNode();
        cfg.putArray("auto_observe").add("/3303/0/5602");
        cfg.put("cleanup_interval", "1s");
        cfg.putObject("queue").put("awake_time", "1s").put("expiry", "3s").put("max_commands", 2);
        cfg.putObject("emqx").put("enabled", true);
        gateway = Lwm2mGateway.start(dir, cfg, b -> b.authenticator(req -> CompletableFuture.completedFuture(
                req.client().clientId().equals("lwm2m:banned-1")
                        ? AuthResult.deny(ReasonCodes.NOT_AUTHORIZED, "banned in this test")
                        : AuthResult.allow(req.client().username(), false))));
    }

    @AfterAll
    void stop_gateway() {
        if (badCommands != null) {
            badCommands.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void connect_app() throws Exception {
        app = MqttProbe.v5(gateway.mqtt.uri(), "app-" + SEQ.incrementAndGet());
    }

    @AfterEach
    void close_clients() throws Exception {
        for (TestClient c : clients) {
            c.close();
        }
        clients.clear();
        app.close();
    }

    private String endpoint(String name) {
        return name + "-" + SEQ.incrementAndGet();
    }

    private TestClient register(String ep) throws Exception {
        return register(TestClient.builder(ep, gateway.coapUri()));
    }

    private TestClient register(TestClient.Builder b) throws Exception {
        TestClient c = b.start();
        clients.add(c);
        c.registered.get(10, TimeUnit.SECONDS);
        return c;
    }

    /** Registers and waits until the device's session is online (its status is retained). */
    private TestClient online(String ep) throws Exception {
        app.subscribe("devices/lwm2m/" + ep + "/status");
        TestClient c = register(ep);
        app.awaitJson("devices/lwm2m/" + ep + "/status", WAIT, j -> j.path("status").asText().equals("online"));
        return c;
    }

    private JsonNode call(String ep, String command) throws Exception {
        return app.call("devices/lwm2m/" + ep + "/down", command, WAIT);
    }

    @Test
    void registration_publishes_the_registered_event_and_a_retained_online_status() throws Exception {
        String ep = endpoint("meter");
        app.subscribe("devices/lwm2m/" + ep + "/#");
        register(ep);
        JsonNode event = app.awaitJson("devices/lwm2m/" + ep + "/events/registered", WAIT);
        assertThat(event.path("endpoint").asText()).isEqualTo(ep);
        assertThat(event.path("lifetime").asLong()).isEqualTo(300);
        assertThat(event.path("binding").asText()).isEqualTo("U");
        assertThat(event.path("objectLinks").asText()).contains("</3/0>").contains("</3303/0>");

        try (MqttProbe late = MqttProbe.v5(gateway.mqtt.uri(), "late-" + ep)) {
            late.subscribe("devices/lwm2m/" + ep + "/status");
            JsonNode status = late.awaitJson("devices/lwm2m/" + ep + "/status", WAIT);
            assertThat(status.path("status").asText()).isEqualTo("online");
            assertThat(status.path("clientId").asText()).isEqualTo("lwm2m:" + ep);
            JsonNode d = status.path("details");
            assertThat(d.path("endpoint").asText()).isEqualTo(ep);
            assertThat(d.path("lwm2mVersion").asText()).isEqualTo("1.1");
            assertThat(d.path("lifetime").asLong()).isEqualTo(300);
            assertThat(d.path("binding").asText()).isEqualTo("U");
            assertThat(d.path("queueMode").asBoolean()).isFalse();
            assertThat(d.path("security").asText()).isEqualTo("none");
            assertThat(d.path("objectLinks").asText()).contains("</3303/0>");
        }
    }

    @Test
    void read_answers_on_the_mqtt5_response_topic_with_the_correlation_data() throws Exception {
        String ep = endpoint("reader");
        online(ep);
        JsonNode a = call(ep, "{\"id\":\"42\",\"op\":\"read\",\"path\":\"/3/0/0\"}");
        assertThat(a.path("id").asText()).isEqualTo("42");
        assertThat(a.path("ok").asBoolean()).isTrue();
        assertThat(a.path("code").asText()).isEqualTo("CONTENT");
        assertThat(a.path("coapCode").asText()).isEqualTo("2.05");
        assertThat(a.path("value").asText()).isEqualTo("Acme");
        assertThat(a.path("type").asText()).isEqualTo("STRING");
    }

    @Test
    void v3_requester_gets_the_answer_on_the_reply_topic_with_its_id() throws Exception {
        String ep = endpoint("v3");
        online(ep);
        org.eclipse.paho.client.mqttv3.MqttClient v3 = new org.eclipse.paho.client.mqttv3.MqttClient(
                gateway.mqtt.uri(), "v3-" + ep, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        try {
            v3.connect();
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            v3.subscribe("devices/lwm2m/" + ep + "/reply", 1, (t, m) -> got.add(new String(m.getPayload(),
                    StandardCharsets.UTF_8)));
            v3.publish("devices/lwm2m/" + ep + "/down", ("{\"id\":\"7\",\"op\":\"read\",\"path\":\"/3303/0\","
                    + "\"format\":\"SENML_JSON\"}").getBytes(StandardCharsets.UTF_8), 1, false);
            JsonNode a = Lwm2mGateway.JSON.readTree(got.poll(10, TimeUnit.SECONDS));
            assertThat(a.path("id").asText()).isEqualTo("7");
            assertThat(a.path("ok").asBoolean()).isTrue();
            assertThat(a.path("values").path("/3303/0/5700").asDouble()).isEqualTo(21.5);
            assertThat(a.path("values").path("/3303/0/5701").asText()).isEqualTo("Cel");
        } finally {
            v3.disconnect();
            v3.close();
        }
    }

    @Test
    void write_replaces_a_resource_and_a_read_returns_the_new_value() throws Exception {
        String ep = endpoint("writer");
        online(ep);
        JsonNode w = call(ep, "{\"id\":\"w\",\"op\":\"write\",\"path\":\"/3/0/14\",\"value\":\"+02\"}");
        assertThat(w.path("ok").asBoolean()).as(w.toString()).isTrue();
        assertThat(w.path("code").asText()).isEqualTo("CHANGED");
        assertThat(call(ep, "{\"op\":\"read\",\"path\":\"/3/0/14\"}").path("value").asText()).isEqualTo("+02");

        JsonNode many = call(ep, "{\"op\":\"write\",\"path\":\"/3/0\",\"mode\":\"update\","
                + "\"values\":{\"14\":\"+03\",\"15\":\"Europe/Paris\"}}");
        assertThat(many.path("ok").asBoolean()).as(many.toString()).isTrue();
        JsonNode read = call(ep, "{\"op\":\"read\",\"path\":\"/3/0\"}");
        assertThat(read.path("values").path("/3/0/14").asText()).isEqualTo("+03");
        assertThat(read.path("values").path("/3/0/15").asText()).isEqualTo("Europe/Paris");
    }

    @Test
    void execute_runs_the_resource_with_its_arguments() throws Exception {
        String ep = endpoint("exec");
        TestClient c = online(ep);
        JsonNode a = call(ep, "{\"op\":\"execute\",\"path\":\"/3303/0/5605\",\"args\":{\"0\":\"now\",\"1\":null}}");
        assertThat(a.path("ok").asBoolean()).as(a.toString()).isTrue();
        assertThat(a.path("code").asText()).isEqualTo("CHANGED");
        assertThat(c.temperature.resets).containsExactly("0='now',1");
    }

    @Test
    void discover_lists_the_links_of_an_object() throws Exception {
        String ep = endpoint("disco");
        online(ep);
        JsonNode a = call(ep, "{\"op\":\"discover\",\"path\":\"/3303\"}");
        assertThat(a.path("ok").asBoolean()).as(a.toString()).isTrue();
        List<String> links = new ArrayList<>();
        a.path("links").forEach(l -> links.add(l.asText()));
        assertThat(links).anyMatch(l -> l.startsWith("</3303>")).contains("</3303/0/5700>");
    }

    @Test
    void observe_publishes_notifications_on_up_topics_until_cancelled() throws Exception {
        String ep = endpoint("obs");
        TestClient c = online(ep);
        String up = "devices/lwm2m/" + ep + "/up/3303/0/5700";
        app.subscribe(up);
        JsonNode o = call(ep, "{\"id\":\"o\",\"op\":\"observe\",\"path\":\"/3303/0/5700\"}");
        assertThat(o.path("ok").asBoolean()).as(o.toString()).isTrue();
        assertThat(o.path("observing").asBoolean()).isTrue();
        assertThat(o.path("value").asDouble()).isEqualTo(21.5);
        assertThat(app.awaitJson(up, WAIT).path("value").asDouble()).isEqualTo(21.5);

        c.temperature.set(30.25);
        JsonNode n = app.awaitJson(up, WAIT, j -> j.path("value").asDouble() == 30.25);
        assertThat(n.path("type").asText()).isEqualTo("FLOAT");
        assertThat(n.path("path").asText()).isEqualTo("/3303/0/5700");
        assertThat(n.path("timestamp").asText()).isNotEmpty();

        JsonNode cancel = call(ep, "{\"op\":\"cancel-observe\",\"path\":\"/3303/0/5700\"}");
        assertThat(cancel.path("ok").asBoolean()).as(cancel.toString()).isTrue();
        app.clear(up);
        c.temperature.set(31.0);
        app.assertNoMessageWithin(up, Duration.ofMillis(800));
    }

    @Test
    void configured_paths_are_observed_on_registration() throws Exception {
        String ep = endpoint("auto");
        String up = "devices/lwm2m/" + ep + "/up/3303/0/5602";
        app.subscribe(up);
        TestClient c = register(ep);
        assertThat(app.awaitJson(up, WAIT).path("value").asDouble()).isEqualTo(21.5);
        c.temperature.set(40.0);
        assertThat(app.awaitJson(up, WAIT, j -> j.path("value").asDouble() == 40.0)).isNotNull();
    }

    @Test
    void composite_read_returns_the_values_of_several_paths() throws Exception {
        String ep = endpoint("composite");
        online(ep);
        JsonNode a = call(ep, "{\"op\":\"read-composite\",\"paths\":[\"/3/0/0\",\"/3303/0/5700\"]}");
        assertThat(a.path("ok").asBoolean()).as(a.toString()).isTrue();
        assertThat(a.path("values").path("/3/0/0").asText()).isEqualTo("Acme");
        assertThat(a.path("values").path("/3303/0/5700").asDouble()).isEqualTo(21.5);
    }

    @Test
    void reading_a_missing_path_answers_not_found() throws Exception {
        String ep = endpoint("missing");
        online(ep);
        JsonNode a = call(ep, "{\"id\":\"m\",\"op\":\"read\",\"path\":\"/3303/9/5700\"}");
        assertThat(a.path("ok").asBoolean()).isFalse();
        assertThat(a.path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(a.path("coapCode").asText()).isEqualTo("4.04");
        assertThat(a.path("error").asText()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json            | {\"op\":              | payload is not JSON",
        "not an object       | [1,2]                | must be a JSON object",
        "missing op          | {\"path\":\"/3/0/0\"}  | missing \"op\"",
        "unknown op          | {\"op\":\"reboot\"}     | unknown op 'reboot'",
        "bad path            | {\"op\":\"read\",\"path\":\"/3/x\"} | bad path '/3/x'",
        "missing path        | {\"op\":\"read\"}       | \"path\" is required for read",
        "wrong value type    | {\"op\":\"write\",\"path\":\"/3/0/13\",\"value\":\"soon\"} | wrong value type for /3/0/13: TIME",
        "wrong integer type  | {\"op\":\"write\",\"path\":\"/3/0/14\",\"value\":5} | wrong value type for /3/0/14: STRING expects a string, got number 5",
        "unknown format      | {\"op\":\"read\",\"path\":\"/3/0/0\",\"format\":\"xml\"} | unknown format 'xml'",
        "composite no paths  | {\"op\":\"read-composite\"} | \"paths\" must be a non-empty array",
        "execute an instance | {\"op\":\"execute\",\"path\":\"/3/0\"} | execute needs a resource path",
    })
    void malformed_commands_are_answered_with_an_error_naming_the_problem(String name, String command,
                                                                         String expected) throws Exception {
        String ep = "bad-commands";
        if (badCommands == null) {
            app.subscribe("devices/lwm2m/" + ep + "/status");
            badCommands = TestClient.builder(ep, gateway.coapUri()).start();
            badCommands.registered.get(10, TimeUnit.SECONDS);
            app.awaitJson("devices/lwm2m/" + ep + "/status", WAIT, j -> j.path("status").asText().equals("online"));
        }
        JsonNode a = call(ep, command);
        assertThat(a.path("ok").asBoolean()).isFalse();
        assertThat(a.path("error").asText()).contains(expected);
    }

    @Test
    void create_and_delete_an_instance() throws Exception {
        String ep = endpoint("create");
        online(ep);
        JsonNode created = call(ep, "{\"op\":\"create\",\"path\":\"/3303/5\",\"values\":{}}");
        assertThat(created.path("ok").asBoolean()).as(created.toString()).isTrue();
        assertThat(created.path("code").asText()).isEqualTo("CREATED");
        assertThat(created.path("location").asText()).isEqualTo("/3303/5");
        assertThat(call(ep, "{\"op\":\"read\",\"path\":\"/3303/5/5700\"}").path("ok").asBoolean()).isTrue();
        JsonNode deleted = call(ep, "{\"op\":\"delete\",\"path\":\"/3303/5\"}");
        assertThat(deleted.path("code").asText()).as(deleted.toString()).isEqualTo("DELETED");
        assertThat(call(ep, "{\"op\":\"read\",\"path\":\"/3303/5/5700\"}").path("code").asText())
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void write_attributes_sets_notification_attributes() throws Exception {
        String ep = endpoint("attrs");
        online(ep);
        JsonNode a = call(ep, "{\"op\":\"write-attributes\",\"path\":\"/3303/0/5700\","
                + "\"attributes\":{\"pmin\":1,\"pmax\":60}}");
        assertThat(a.path("ok").asBoolean()).as(a.toString()).isTrue();
        assertThat(a.path("code").asText()).isEqualTo("CHANGED");
        JsonNode d = call(ep, "{\"op\":\"discover\",\"path\":\"/3303/0/5700\"}");
        assertThat(d.path("links").toString()).contains("pmin=1").contains("pmax=60");
    }

    @Test
    void a_queued_command_waits_until_the_device_updates_its_registration() throws Exception {
        String ep = endpoint("sleepy");
        app.subscribe("devices/lwm2m/" + ep + "/events/sleeping");
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()).queueMode(true));
        app.awaitJson("devices/lwm2m/" + ep + "/events/sleeping", WAIT);

        app.request("devices/lwm2m/" + ep + "/down", "{\"id\":\"q\",\"op\":\"read\",\"path\":\"/3/0/1\"}", "q-1");
        app.assertNoMessageWithin(app.responseTopic(), Duration.ofMillis(500));
        c.client.triggerRegistrationUpdate();
        MqttProbe.Received r = app.await(app.responseTopic(), WAIT);
        assertThat(r.correlation()).isEqualTo("q-1");
        assertThat(r.json().path("ok").asBoolean()).as(r.payload()).isTrue();
        assertThat(r.json().path("value").asText()).isEqualTo("Model-7");
    }

    @Test
    void a_queued_command_expires_with_an_error_when_the_device_does_not_wake() throws Exception {
        String ep = endpoint("asleep");
        app.subscribe("devices/lwm2m/" + ep + "/events/sleeping");
        register(TestClient.builder(ep, gateway.coapUri()).queueMode(true));
        app.awaitJson("devices/lwm2m/" + ep + "/events/sleeping", WAIT);
        JsonNode a = call(ep, "{\"id\":\"e\",\"op\":\"read\",\"path\":\"/3/0/0\"}");
        assertThat(a.path("ok").asBoolean()).isFalse();
        assertThat(a.path("error").asText()).startsWith("expired").contains("did not wake up within 3s");
    }

    @Test
    void a_full_queue_refuses_more_commands_at_once() throws Exception {
        String ep = endpoint("crowded");
        app.subscribe("devices/lwm2m/" + ep + "/events/sleeping");
        register(TestClient.builder(ep, gateway.coapUri()).queueMode(true));
        app.awaitJson("devices/lwm2m/" + ep + "/events/sleeping", WAIT);
        for (int i = 0; i < 2; i++) {
            app.request("devices/lwm2m/" + ep + "/down", "{\"op\":\"read\",\"path\":\"/3/0/0\"}", "fill-" + i);
        }
        JsonNode third = call(ep, "{\"op\":\"read\",\"path\":\"/3/0/0\"}");
        assertThat(third.path("error").asText()).startsWith("queue full");
    }

    @Test
    void deregistration_publishes_the_event_and_an_offline_status() throws Exception {
        String ep = endpoint("leaver");
        TestClient c = online(ep);
        app.subscribe("devices/lwm2m/" + ep + "/events/deregistered");
        c.client.stop(true);
        c.deregistered.get(10, TimeUnit.SECONDS);
        assertThat(app.awaitJson("devices/lwm2m/" + ep + "/events/deregistered", WAIT).path("reason").asText())
                .isEqualTo("deregistered");
        JsonNode status = app.awaitJson("devices/lwm2m/" + ep + "/status", WAIT,
                j -> j.path("status").asText().equals("offline"));
        assertThat(status.path("reason").asText()).isEqualTo("deregistered");
    }

    @Test
    void an_expired_registration_takes_the_device_offline_with_the_reason() throws Exception {
        String ep = endpoint("expiring");
        app.subscribe("devices/lwm2m/" + ep + "/status");
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()).lifetime(2));
        app.awaitJson("devices/lwm2m/" + ep + "/status", WAIT, j -> j.path("status").asText().equals("online"));
        c.client.stop(false);
        JsonNode status = app.awaitJson("devices/lwm2m/" + ep + "/status", WAIT,
                j -> j.path("status").asText().equals("offline"));
        assertThat(status.path("reason").asText()).isEqualTo("registration expired");
    }

    @Test
    void a_device_that_stopped_answering_gets_a_timeout_error() throws Exception {
        String ep = endpoint("mute");
        TestClient c = online(ep);
        c.client.stop(false);
        JsonNode a = call(ep, "{\"op\":\"read\",\"path\":\"/3/0/0\",\"timeout\":\"1s\"}");
        assertThat(a.path("ok").asBoolean()).isFalse();
        assertThat(a.path("error").asText()).startsWith("timeout: no answer from the device within 1s");
    }

    @Test
    void a_command_to_an_unregistered_endpoint_is_answered_with_an_error() throws Exception {
        JsonNode a = call("nobody-" + SEQ.incrementAndGet(), "{\"id\":\"n\",\"op\":\"read\",\"path\":\"/3/0/0\"}");
        assertThat(a.path("id").asText()).isEqualTo("n");
        assertThat(a.path("ok").asBoolean()).isFalse();
        assertThat(a.path("error").asText()).contains("is not registered");
    }

    @Test
    void registration_is_refused_when_the_broker_refuses_the_device() throws Exception {
        app.subscribe("devices/lwm2m/banned-1/#");
        TestClient c = TestClient.builder("banned-1", gateway.coapUri()).start();
        clients.add(c);
        assertThatThrownBy(() -> c.registered.get(10, TimeUnit.SECONDS)).hasMessageContaining("FORBIDDEN");
        app.assertNoMessageWithin("devices/lwm2m/banned-1/status", Duration.ofMillis(300));
    }

    @Test
    void emqx_mode_serves_a_read_on_dn_with_the_answer_on_up_resp() throws Exception {
        String ep = endpoint("emqx");
        app.subscribe("lwm2m/" + ep + "/up/#");
        register(ep);
        JsonNode reg = app.awaitJson("lwm2m/" + ep + "/up/resp", WAIT);
        assertThat(reg.path("msgType").asText()).isEqualTo("register");
        assertThat(reg.path("data").path("ep").asText()).isEqualTo(ep);
        assertThat(reg.path("data").path("objectList").toString()).contains("/3/0").contains("/3303/0");

        app.publish("lwm2m/" + ep + "/dn", "{\"reqID\":11,\"msgType\":\"read\",\"data\":{\"path\":\"/3/0/0\"}}");
        JsonNode resp = app.awaitJson("lwm2m/" + ep + "/up/resp", WAIT);
        assertThat(resp.path("reqID").asInt()).isEqualTo(11);
        assertThat(resp.path("msgType").asText()).isEqualTo("read");
        assertThat(resp.path("data").path("reqPath").asText()).isEqualTo("/3/0/0");
        assertThat(resp.path("data").path("code").asText()).isEqualTo("2.05");
        assertThat(resp.path("data").path("codeMsg").asText()).isEqualTo("content");
        assertThat(resp.path("data").path("content").get(0).path("value").asText()).isEqualTo("Acme");
    }

    @Test
    void emqx_mode_write_converts_typed_text_values() throws Exception {
        String ep = endpoint("emqxw");
        app.subscribe("lwm2m/" + ep + "/up/resp");
        register(ep);
        app.awaitJson("lwm2m/" + ep + "/up/resp", WAIT);
        app.publish("lwm2m/" + ep + "/dn", "{\"reqID\":12,\"msgType\":\"write\",\"data\":{\"path\":\"/3/0/14\","
                + "\"type\":\"String\",\"value\":\"+05\"}}");
        JsonNode resp = app.awaitJson("lwm2m/" + ep + "/up/resp", WAIT);
        assertThat(resp.path("data").path("code").asText()).as(resp.toString()).isEqualTo("2.04");
        assertThat(resp.path("data").path("codeMsg").asText()).isEqualTo("changed");
    }
}
