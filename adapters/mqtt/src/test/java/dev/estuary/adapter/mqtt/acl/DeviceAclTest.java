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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices behind adapters pass the same checks as MQTT clients: with the rules a new database starts with, a
 * device may publish only its own uplinks and receive only its own downlinks, whatever characters its id has.
 */
@Timeout(60)
class DeviceAclTest {
    @TempDir
    Path dir;
    private AclTestBroker broker;
    private AdapterRuntime adapters;
    private AdapterContext sim;
    private Clients.V5 app;

    @BeforeEach
    void setUp() {
        broker = AclTestBroker.startWithDefaultRules(dir, AclTestBroker.FAST.withAclNomatch("allow"));
        adapters = new AdapterRuntime(broker.server.broker(), EstuaryConfig.DEFAULTS, "", new InMemoryAdapterStore(),
                dir.resolve("adapters"));
        sim = adapters.contextFor("sim");
        app = new Clients.V5(broker.port(), "app", null, null);
        assertThat(app.subscribe("devices/#")).containsExactly(1);
    }

    @AfterEach
    void tearDown() {
        app.close();
        adapters.close();
        broker.close();
    }

    private DeviceSession open(String deviceId) {
        return sim.openDevice(DeviceLogin.builder(deviceId).build()).toCompletableFuture().join();
    }

    private static PublishResult.Status publish(DeviceSession d, String topic) {
        return d.publish(topic, Uplink.of("21.5".getBytes(StandardCharsets.UTF_8))).toCompletableFuture().join()
                .status();
    }

    @Test
    void a_device_publishes_its_own_uplinks_and_nothing_else() throws Exception {
        DeviceSession s1 = open("sensor-1");
        open("sensor-2");
        assertThat(publish(s1, sim.topics().up("sim", "sensor-2", "temp"))).isEqualTo(
                PublishResult.Status.NOT_AUTHORIZED);
        assertThat(publish(s1, "factory/valve/open")).isEqualTo(PublishResult.Status.NOT_AUTHORIZED);
        assertThat(broker.denied.poll(10, TimeUnit.SECONDS)).isEqualTo("null|devices/sim/sensor-2/up/temp");
        assertThat(s1.uplink(Uplink.of("21.5".getBytes(StandardCharsets.UTF_8)).channel("temp"))
                .toCompletableFuture().join().accepted()).isTrue();
        String got;
        do { // status and event messages of both devices come first
            got = app.inbox.poll(10, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
        } while (!got.contains("/up/"));
        assertThat(got).isEqualTo("devices/sim/sensor-1/up/temp=21.5");
    }

    @Test
    void a_device_receives_its_own_downlinks_and_cannot_subscribe_to_another_devices() throws Exception {
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
        assertThatThrownBy(() -> s1.subscribe("#", 1, (s, m) -> { }).toCompletableFuture().join())
                .hasCauseInstanceOf(SecurityException.class);
    }

    @Test
    void mqtt_clients_are_not_affected_by_the_device_rules() {
        assertThat(app.publish("factory/valve/open", "x")).isIn(0, 0x10);
        assertThat(app.publish("devices/sim/sensor-9/up/temp", "x")).isIn(0, 0x10);
    }
}
