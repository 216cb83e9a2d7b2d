package dev.estuary.adapter.mqtt.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.PublishResult;
import dev.estuary.core.spi.Uplink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Devices behind adapters pass the same checks as MQTT clients. With the rules a new database starts with, a
 * device publishes only its own uplinks and receives only its own downlinks in the {@code devices/} tree, whatever
 * characters its id has; outside that tree (pass-through topics) {@code acl_nomatch} decides.
 */
@Timeout(60)
class DeviceAclTest {
    @TempDir
    Path dir;
    private AclTestBroker broker;
    private AdapterRuntime adapters;
    private AdapterContext sim;
    private Clients.V5 app;

    private void start(String nomatch) {
        broker = AclTestBroker.startWithDefaultRules(dir, AclTestBroker.FAST.withAclNomatch(nomatch));
        adapters = new AdapterRuntime(broker.server.broker(), EstuaryConfig.DEFAULTS, "", new InMemoryAdapterStore(),
                dir.resolve("adapters"));
        sim = adapters.contextFor("sim");
        broker.user("app", "app-pw", true);
        app = new Clients.V5(broker.port(), "app", "app", "app-pw");
        assertThat(app.subscribe("devices/+/+/up/#")).containsExactly(1);
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        if (adapters != null) {
            adapters.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private DeviceSession open(String deviceId) {
        return sim.openDevice(DeviceLogin.builder(deviceId).build()).toCompletableFuture().join();
    }

    private static PublishResult.Status publish(DeviceSession d, String topic) {
        return d.publish(topic, Uplink.of("21.5".getBytes(StandardCharsets.UTF_8))).toCompletableFuture().join()
                .status();
    }

    @ParameterizedTest
    @ValueSource(strings = {"allow", "deny"})
    void a_device_publishes_its_own_uplinks_and_never_another_devices(String nomatch) throws Exception {
        start(nomatch);
        DeviceSession s1 = open("sensor-1");
        open("sensor-2");
        assertThat(publish(s1, sim.topics().up("sim", "sensor-2", "temp")))
                .isEqualTo(PublishResult.Status.NOT_AUTHORIZED);
        assertThat(publish(s1, sim.topics().down("sim", "sensor-2", "led")))
                .isEqualTo(PublishResult.Status.NOT_AUTHORIZED);
        assertThat(publish(s1, "devices/other-adapter/x/up")).isEqualTo(PublishResult.Status.NOT_AUTHORIZED);
        assertThat(broker.denied.poll(10, TimeUnit.SECONDS)).isEqualTo("null|devices/sim/sensor-2/up/temp");
        assertThat(s1.uplink(Uplink.of("21.5".getBytes(StandardCharsets.UTF_8)).channel("temp"))
                .toCompletableFuture().join().accepted()).isTrue();
        assertThat(app.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("devices/sim/sensor-1/up/temp=21.5");
        assertThat(app.inbox).isEmpty();
    }

    @Test
    void pass_through_topics_outside_the_device_tree_follow_acl_nomatch_allow() {
        start("allow");
        assertThat(publish(open("sensor-1"), "factory/valve/open")).isIn(PublishResult.Status.DELIVERED,
                PublishResult.Status.NO_SUBSCRIBERS);
    }

    @Test
    void pass_through_topics_outside_the_device_tree_follow_acl_nomatch_deny() {
        start("deny");
        assertThat(publish(open("sensor-1"), "factory/valve/open")).isEqualTo(PublishResult.Status.NOT_AUTHORIZED);
    }

    @Test
    void a_device_receives_its_own_downlinks_and_cannot_subscribe_to_another_devices() throws Exception {
        start("allow");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        DeviceSession s1 = open("a/b+#");
        s1.onDownlink((s, m) -> received.add(m.topic() + "=" + m.payloadText()));
        String own = sim.topics().down("sim", "a/b+#", "led");
        assertThat(own).isEqualTo("devices/sim/a%2Fb%2B%23/down/led");
        assertThat(app.publish(own, "on")).isIn(0, 0x10);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(own + "=on");
        assertThatThrownBy(() -> s1.subscribe("devices/sim/other/down/#", 1, (s, m) -> { })
                .toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> s1.subscribe("devices/#", 1, (s, m) -> { }).toCompletableFuture().join())
                .hasCauseInstanceOf(SecurityException.class);
    }

    @Test
    void a_device_subscribed_to_everything_still_never_receives_another_devices_topics() throws Exception {
        start("allow");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        DeviceSession s1 = open("sensor-1");
        assertThat(s1.subscribe("#", 1, (s, m) -> received.add(m.topic())).toCompletableFuture().join())
                .isEqualTo(1);
        assertThat(app.publish("devices/sim/sensor-2/down/led", "x")).isIn(0, 0x10);
        // its own status and events are denied to it as well (only its down topics are allowed)
        String denied;
        do {
            denied = broker.denied.poll(10, TimeUnit.SECONDS);
            assertThat(denied).isNotNull().startsWith("sim:sensor-1|devices/sim/sensor-");
        } while (!denied.equals("sim:sensor-1|devices/sim/sensor-2/down/led"));
        assertThat(app.publish("factory/news", "y")).isIn(0, 0x10);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("factory/news");
        assertThat(received).isEmpty();
    }

    @Test
    void mqtt_clients_are_not_affected_by_the_device_rules() throws Exception {
        start("allow");
        try (Clients.V5 plain = new Clients.V5(broker.port(), "plain", null, null)) { // anonymous, not a superuser
            assertThat(plain.subscribe("devices/#")).containsExactly(1);
            assertThat(plain.publish("devices/sim/sensor-9/up/temp", "x")).isZero();
            assertThat(plain.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("devices/sim/sensor-9/up/temp=x");
        }
    }

    @Test
    void an_mqtt_client_cannot_take_a_device_client_id_and_so_cannot_take_over_its_session() throws Exception {
        start("allow");
        DeviceSession s1 = open("sensor-1");
        for (String id : new String[] {"sim:sensor-1", "sim-gateway:g1", "sim:"}) {
            assertThatThrownBy(() -> new Clients.V5(broker.port(), id, "app", "app-pw"))
                    .as(id).hasRootCauseInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException.class)
                    .rootCause().hasMessageContaining("CLIENT_IDENTIFIER_NOT_VALID");
        }
        assertThat(s1.isOpen()).isTrue();
        assertThat(s1.uplink(Uplink.of("1".getBytes(StandardCharsets.UTF_8)).channel("temp"))
                .toCompletableFuture().join().accepted()).isTrue();
        // ids that only look alike are ordinary MQTT client ids
        for (String id : new String[] {"simulator:1", "sim", "xsim:1"}) {
            new Clients.V5(broker.port(), id, "app", "app-pw").close();
        }
    }

    @Test
    void a_device_session_announces_itself_connected_and_disconnected_with_the_reason() throws Exception {
        start("deny");
        try (Clients.V5 watcher = new Clients.V5(broker.port(), "watcher", "app", "app-pw")) {
            assertThat(watcher.subscribe("devices/sim/+/events/#")).containsExactly(1);
            DeviceSession s = open("sensor-9");
            String connected = watcher.inbox.poll(10, TimeUnit.SECONDS);
            assertThat(connected).startsWith("devices/sim/sensor-9/events/connected=");
            com.fasterxml.jackson.databind.JsonNode c = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(connected.substring(connected.indexOf('=') + 1));
            assertThat(c.path("timestamp").asText()).isNotEmpty();
            assertThat(c.path("clientId").asText()).isEqualTo("sim:sensor-9");
            assertThat(c.path("deviceId").asText()).isEqualTo("sensor-9");
            s.close("battery replaced");
            String disconnected = watcher.inbox.poll(10, TimeUnit.SECONDS);
            assertThat(disconnected).startsWith("devices/sim/sensor-9/events/disconnected=");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(disconnected.substring(disconnected.indexOf('=') + 1)).path("reason").asText())
                    .isEqualTo("battery replaced");
        }
    }

    @Test
    void uplinks_handed_over_before_the_device_session_closes_are_all_published() throws Exception {
        start("deny");
        DeviceSession s = open("sensor-7");
        java.util.List<java.util.concurrent.CompletableFuture<dev.estuary.core.spi.PublishResult>> results =
                new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(s.uplink(Uplink.of(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).channel("temp"))
                    .toCompletableFuture());
        }
        s.close("goodbye right after the last reading"); // as a device's GOODBYE right behind its uplinks
        for (var r : results) {
            assertThat(r.join().accepted()).isTrue();
        }
        for (int i = 0; i < 50; i++) {
            assertThat(app.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("devices/sim/sensor-7/up/temp=" + i);
        }
    }
}
