package dev.estuary.adapter.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.testing.Lwm2mGateway;
import dev.estuary.adapter.lwm2m.testing.MqttProbe;
import dev.estuary.adapter.lwm2m.testing.TestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

/**
 * What happens after a registration, end to end with real Leshan clients and a Paho MQTT 5 application: registration
 * updates, re-registration (auto-observe comes back), composite observations, the EMQX mode's notify and update
 * topics, and queue mode waking on an uplink. One gateway serves the class; each test uses its own endpoint.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Lwm2mLifecycleIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Lwm2mGateway gateway;
    private MqttProbe app;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    void start_gateway(@TempDir Path dir) throws Exception {
        ObjectNode cfg = Lwm2mGateway.JSON.createObjectNode();
        cfg.putArray("auto_observe").add("/3303/0/5602");
        cfg.put("cleanup_interval", "1s");
        cfg.putObject("queue").put("awake_time", "1s").put("expiry", "10s").put("max_commands", 4);
        cfg.putObject("emqx").put("enabled", true);
        gateway = Lwm2mGateway.start(dir, cfg);
    }

    @AfterAll
    void stop_gateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void connect_app() throws Exception {
        app = MqttProbe.v5(gateway.mqtt.uri(), "app-lc-" + SEQ.incrementAndGet());
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
        return name + "-lc-" + SEQ.incrementAndGet();
    }

    private TestClient register(TestClient.Builder b) throws Exception {
        TestClient c = b.start();
        clients.add(c);
        c.registered.get(10, TimeUnit.SECONDS);
        return c;
    }

    private TestClient online(String ep) throws Exception {
        app.subscribe("devices/lwm2m/" + ep + "/status");
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()));
        app.awaitJson("devices/lwm2m/" + ep + "/status", WAIT, j -> j.path("status").asText().equals("online"));
        return c;
    }

    private JsonNode call(String ep, String command) throws Exception {
        return app.call("devices/lwm2m/" + ep + "/down", command, WAIT);
    }

    @Test
    void a_registration_update_publishes_the_updated_event_and_refreshes_the_status() throws Exception {
        String ep = endpoint("updater");
        online(ep);
        String updated = "devices/lwm2m/" + ep + "/events/updated";
        app.subscribe(updated);
        app.assertNoMessageWithin(updated, Duration.ofMillis(200));

        // a new lifetime written to the device's Server object makes the device update its registration
        JsonNode w = call(ep, "{\"op\":\"write\",\"path\":\"/1/0/1\",\"value\":120}");
        assertThat(w.path("ok").asBoolean()).as(w.toString()).isTrue();

        JsonNode event = app.awaitJson(updated, WAIT);
        assertThat(event.path("endpoint").asText()).isEqualTo(ep);
        assertThat(event.path("lifetime").asLong()).isEqualTo(120);
        JsonNode status = app.awaitJson("devices/lwm2m/" + ep + "/status", WAIT,
                j -> j.path("details").path("lifetime").asLong() == 120);
        assertThat(status.path("status").asText()).isEqualTo("online");
    }

    @Test
    void auto_observe_is_established_again_after_the_device_deregisters_and_registers_again() throws Exception {
        String ep = endpoint("returner");
        String up = "devices/lwm2m/" + ep + "/up/3303/0/5602";
        String registered = "devices/lwm2m/" + ep + "/events/registered";
        String deregistered = "devices/lwm2m/" + ep + "/events/deregistered";
        app.subscribe(up);
        app.subscribe(registered);
        app.subscribe(deregistered);
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()));
        String firstId = app.awaitJson(registered, WAIT).path("registrationId").asText();
        assertThat(app.awaitJson(up, WAIT).path("value").asDouble()).isEqualTo(21.5);

        c.client.stop(true);
        c.deregistered.get(10, TimeUnit.SECONDS);
        assertThat(app.awaitJson(deregistered, WAIT).path("reason").asText()).isEqualTo("deregistered");
        app.clear(up);

        c.client.start();
        String secondId = app.awaitJson(registered, WAIT).path("registrationId").asText();
        assertThat(secondId).isNotEqualTo(firstId);
        // the observe response of the new registration, then a notification through the new observation
        assertThat(app.awaitJson(up, WAIT).path("value").asDouble()).isEqualTo(21.5);
        c.temperature.set(45.0);
        assertThat(app.awaitJson(up, WAIT, j -> j.path("value").asDouble() == 45.0)).isNotNull();
    }

    @Test
    void composite_observe_publishes_each_changed_value_until_cancelled() throws Exception {
        String ep = endpoint("compo");
        TestClient c = online(ep);
        String temp = "devices/lwm2m/" + ep + "/up/3303/0/5700";
        String maker = "devices/lwm2m/" + ep + "/up/3/0/0";
        app.subscribe(temp);
        app.subscribe(maker);

        JsonNode o = call(ep, "{\"id\":\"oc\",\"op\":\"observe-composite\",\"paths\":[\"/3/0/0\",\"/3303/0/5700\"],"
                + "\"format\":\"SENML_JSON\"}");
        assertThat(o.path("ok").asBoolean()).as(o.toString()).isTrue();
        assertThat(o.path("observing").asBoolean()).isTrue();
        assertThat(o.path("values").path("/3/0/0").asText()).isEqualTo("Acme");
        assertThat(o.path("values").path("/3303/0/5700").asDouble()).isEqualTo(21.5);
        // the observe response's values are published too; forget them so what follows are notifications
        assertThat(app.awaitJson(maker, WAIT).path("value").asText()).isEqualTo("Acme");
        assertThat(app.awaitJson(temp, WAIT).path("value").asDouble()).isEqualTo(21.5);
        app.clear(maker);
        app.clear(temp);

        c.temperature.set(27.5);
        JsonNode n = app.awaitJson(temp, WAIT, j -> j.path("value").asDouble() == 27.5);
        assertThat(n.path("path").asText()).isEqualTo("/3303/0/5700");
        assertThat(n.path("type").asText()).isEqualTo("FLOAT");
        // a composite notification carries every path of the observation
        assertThat(app.awaitJson(maker, WAIT).path("value").asText()).isEqualTo("Acme");

        JsonNode cancel = call(ep, "{\"op\":\"cancel-observe-composite\",\"paths\":[\"/3303/0/5700\",\"/3/0/0\"]}");
        assertThat(cancel.path("ok").asBoolean()).as(cancel.toString()).isTrue();
        app.clear(temp);
        c.temperature.set(28.0);
        app.assertNoMessageWithin(temp, Duration.ofMillis(800));
    }

    @Test
    void emqx_mode_publishes_notifications_on_up_notify_with_the_observe_request_id() throws Exception {
        String ep = endpoint("emqxn");
        String resp = "lwm2m/" + ep + "/up/resp";
        String notify = "lwm2m/" + ep + "/up/notify";
        app.subscribe(resp);
        app.subscribe(notify);
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()));
        assertThat(app.awaitJson(resp, WAIT).path("msgType").asText()).isEqualTo("register");

        app.publish("lwm2m/" + ep + "/dn", "{\"reqID\":21,\"msgType\":\"observe\",\"data\":{\"path\":\"/3303/0/5700\"}}");
        JsonNode answer = app.awaitJson(resp, WAIT);
        assertThat(answer.path("reqID").asInt()).isEqualTo(21);
        assertThat(answer.path("msgType").asText()).isEqualTo("observe");
        assertThat(answer.path("data").path("code").asText()).as(answer.toString()).isEqualTo("2.05");

        c.temperature.set(33.5);
        JsonNode n = app.awaitJson(notify, WAIT, j -> j.path("data").path("reqPath").asText().equals("/3303/0/5700")
                && j.path("data").path("content").get(0).path("value").asDouble() == 33.5);
        assertThat(n.path("reqID").asText()).isEqualTo("21");
        assertThat(n.path("msgType").asText()).isEqualTo("notify");
        assertThat(n.path("seqNum").isNumber()).isTrue();
        assertThat(n.path("data").path("code").asText()).isEqualTo("2.05");
        assertThat(n.path("data").path("codeMsg").asText()).isEqualTo("content");
        assertThat(n.path("data").path("content").get(0).path("path").asText()).isEqualTo("/3303/0/5700");
    }

    @Test
    void emqx_mode_publishes_registration_updates_on_up_update() throws Exception {
        String ep = endpoint("emqxu");
        String update = "lwm2m/" + ep + "/up/update";
        app.subscribe(update);
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()));
        app.assertNoMessageWithin(update, Duration.ofMillis(200));

        c.client.triggerRegistrationUpdate();
        JsonNode u = app.awaitJson(update, WAIT);
        assertThat(u.path("msgType").asText()).isEqualTo("update");
        JsonNode d = u.path("data");
        assertThat(d.path("ep").asText()).isEqualTo(ep);
        assertThat(d.path("lt").asLong()).isEqualTo(300);
        assertThat(d.path("lwm2m").asText()).isEqualTo("1.1");
        assertThat(d.path("b").asText()).isEqualTo("U");
        assertThat(d.path("objectList").toString()).contains("/3/0").contains("/3303/0");
    }

    @Test
    void a_queued_command_is_sent_when_the_sleeping_device_sends_a_notification() throws Exception {
        String ep = endpoint("napper");
        String up = "devices/lwm2m/" + ep + "/up/3303/0/5602";
        String sleeping = "devices/lwm2m/" + ep + "/events/sleeping";
        String awake = "devices/lwm2m/" + ep + "/events/awake";
        app.subscribe(up);
        app.subscribe(sleeping);
        app.subscribe(awake);
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()).queueMode(true));
        // auto-observe was established while the device was awake after registering
        assertThat(app.awaitJson(up, WAIT).path("value").asDouble()).isEqualTo(21.5);
        app.awaitJson(sleeping, WAIT);
        app.clear(awake);

        app.request("devices/lwm2m/" + ep + "/down", "{\"id\":\"n\",\"op\":\"read\",\"path\":\"/3/0/1\"}", "nap-1");
        app.assertNoMessageWithin(app.responseTopic(), Duration.ofMillis(500));

        c.temperature.set(50.0); // the device's notification is its uplink: it is awake
        assertThat(app.awaitJson(up, WAIT, j -> j.path("value").asDouble() == 50.0)).isNotNull();
        MqttProbe.Received r = app.await(app.responseTopic(), WAIT);
        assertThat(r.correlation()).isEqualTo("nap-1");
        assertThat(r.json().path("ok").asBoolean()).as(r.payload()).isTrue();
        assertThat(r.json().path("value").asText()).isEqualTo("Model-7");
        assertThat(app.awaitJson(awake, WAIT).path("endpoint").asText()).isEqualTo(ep);
    }

    @Test
    void a_queued_command_is_sent_when_the_sleeping_device_sends_data() throws Exception {
        String ep = endpoint("sender");
        String up = "devices/lwm2m/" + ep + "/up/3303/0/5700";
        String sleeping = "devices/lwm2m/" + ep + "/events/sleeping";
        app.subscribe(up);
        app.subscribe(sleeping);
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()).queueMode(true));
        app.awaitJson(sleeping, WAIT);

        app.request("devices/lwm2m/" + ep + "/down", "{\"id\":\"s\",\"op\":\"read\",\"path\":\"/3/0/0\"}", "send-1");
        app.assertNoMessageWithin(app.responseTopic(), Duration.ofMillis(500));

        // an LwM2M 1.1 Send is the device's uplink: it is awake
        org.eclipse.leshan.client.servers.LwM2mServer server = c.client.getRegisteredServers().values().iterator()
                .next();
        org.eclipse.leshan.core.response.SendResponse sent = c.client.getSendService().sendData(server,
                org.eclipse.leshan.core.request.ContentFormat.SENML_JSON, List.of("/3303/0/5700"), 5000);
        assertThat(sent.isSuccess()).as(String.valueOf(sent)).isTrue();
        assertThat(app.awaitJson(up, WAIT).path("value").asDouble()).isEqualTo(21.5);
        MqttProbe.Received r = app.await(app.responseTopic(), WAIT);
        assertThat(r.correlation()).isEqualTo("send-1");
        assertThat(r.json().path("ok").asBoolean()).as(r.payload()).isTrue();
        assertThat(r.json().path("value").asText()).isEqualTo("Acme");
    }

    @Test
    void a_device_that_registers_again_without_deregistering_is_observed_again_and_takes_commands()
            throws Exception {
        String ep = endpoint("rebooter");
        String up = "devices/lwm2m/" + ep + "/up/3303/0/5602";
        String registered = "devices/lwm2m/" + ep + "/events/registered";
        app.subscribe(up);
        app.subscribe(registered);
        TestClient c = register(TestClient.builder(ep, gateway.coapUri()));
        String firstId = app.awaitJson(registered, WAIT).path("registrationId").asText();
        assertThat(app.awaitJson(up, WAIT).path("value").asDouble()).isEqualTo(21.5);

        c.client.stop(false); // a reboot: no de-registration, then a new REGISTER for the same endpoint
        app.clear(up);
        c.client.start();
        JsonNode again = app.awaitJson(registered, WAIT);
        assertThat(again.path("registrationId").asText()).isNotEqualTo(firstId);
        assertThat(again.path("previousRegistrationId").asText()).isEqualTo(firstId);
        assertThat(app.awaitJson(up, WAIT).path("value").asDouble()).isEqualTo(21.5);
        c.temperature.set(47.0);
        assertThat(app.awaitJson(up, WAIT, j -> j.path("value").asDouble() == 47.0)).isNotNull();
        JsonNode read = call(ep, "{\"op\":\"read\",\"path\":\"/3/0/0\"}");
        assertThat(read.path("ok").asBoolean()).as(read.toString()).isTrue();
        assertThat(read.path("value").asText()).isEqualTo("Acme");
    }
}
