package dev.estuary.adapter.mqtt.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing outside the rules: MQTT 5 gets PUBACK 0x87; MQTT 3.1.1 is acknowledged and dropped, or disconnected
 * with {@code acl_deny_action: disconnect}; wills on denied topics are dropped. Placeholders and acl_nomatch over
 * real sockets.
 */
@Timeout(60)
class AclPublishTest {
    static final String RULES = String.join("\n",
            "{deny, all, publish, [\"secret/#\"]}.",
            "{allow, all, all, [\"users/%u/#\", \"clients/%c/#\"]}.",
            "{allow, {user, \"sensor\"}, publish, [\"public/#\"]}.",
            "{allow, all, subscribe, [\"public/#\", \"secret/#\"]}.");

    @TempDir
    Path dir;
    private AclTestBroker broker;
    private Clients.V5 watcher;

    private void start(String nomatch, String denyAction) {
        broker = AclTestBroker.start(dir, AclTestBroker.FAST.withAllowAnonymous(false).withAclNomatch(nomatch)
                .withAclDenyAction(denyAction), RULES)
                .user("sensor", "s-pw", false).user("alice", "a-pw", false).user("admin", "x-pw", true);
        watcher = new Clients.V5(broker.port(), "watcher", "admin", "x-pw");
        assertThat(watcher.subscribe("#")).containsExactly(1);
    }

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private MqttClient v3(String clientId, String user, String password, MqttCallback callback) throws Exception {
        MqttClient c = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
        if (callback != null) {
            c.setCallback(callback);
        }
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setAutomaticReconnect(false);
        c.connect(o);
        return c;
    }

    @Test
    void mqtt5_publish_outside_the_rules_gets_0x87_and_reaches_nobody() throws Exception {
        start("deny", "ignore");
        try (Clients.V5 sensor = new Clients.V5(broker.port(), "s1", "sensor", "s-pw")) {
            assertThat(sensor.publish("secret/plans", "x")).isEqualTo(0x87);
            assertThat(sensor.publish("other/topic", "x")).isEqualTo(0x87); // no rule: acl_nomatch deny
            assertThat(broker.denied.poll(10, TimeUnit.SECONDS)).isEqualTo("null|secret/plans");
            assertThat(sensor.publish("public/ok", "fine")).isZero();
            assertThat(watcher.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("public/ok=fine");
            assertThat(watcher.inbox).isEmpty();
        }
    }

    @Test
    void mqtt3_publish_outside_the_rules_is_acknowledged_and_dropped_with_ignore() throws Exception {
        start("deny", "ignore");
        MqttClient sensor = v3("s3", "sensor", "s-pw", null);
        try {
            sensor.publish("secret/plans", "x".getBytes(StandardCharsets.UTF_8), 1, false); // PUBACK arrives
            sensor.publish("secret/plans", "x".getBytes(StandardCharsets.UTF_8), 2, false); // PUBREC/PUBCOMP
            assertThat(broker.denied.poll(10, TimeUnit.SECONDS)).isEqualTo("null|secret/plans");
            sensor.publish("public/ok", "fine".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(watcher.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("public/ok=fine");
            assertThat(watcher.inbox).isEmpty();
            assertThat(sensor.isConnected()).isTrue();
        } finally {
            sensor.disconnect();
            sensor.close();
        }
    }

    @Test
    void mqtt3_publish_outside_the_rules_disconnects_with_disconnect() throws Exception {
        start("deny", "disconnect");
        CountDownLatch lost = new CountDownLatch(1);
        MqttClient sensor = v3("s4", "sensor", "s-pw", new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.countDown();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        try {
            sensor.publish("public/ok", "fine".getBytes(StandardCharsets.UTF_8), 1, false);
            sensor.getTopic("secret/plans").publish("x".getBytes(StandardCharsets.UTF_8), 0, false);
            assertThat(lost.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(watcher.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("public/ok=fine");
            assertThat(broker.denied.poll(10, TimeUnit.SECONDS)).isEqualTo("null|secret/plans");
        } finally {
            sensor.close();
        }
    }

    @Test
    void mqtt5_client_is_not_disconnected_by_the_v3_deny_action() {
        start("deny", "disconnect");
        try (Clients.V5 sensor = new Clients.V5(broker.port(), "s5", "sensor", "s-pw")) {
            assertThat(sensor.publish("secret/plans", "x")).isEqualTo(0x87);
            assertThat(sensor.publish("public/ok", "fine")).isZero();
            assertThat(sensor.client.getState().isConnected()).isTrue();
        }
    }

    @Test
    void a_will_on_a_denied_topic_is_dropped() throws Exception {
        start("deny", "ignore");
        MqttClient dying = new MqttClient(broker.uri(), "dying", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("sensor");
        o.setPassword("s-pw".toCharArray());
        o.setWill("secret/last-words", "bye".getBytes(StandardCharsets.UTF_8), 1, false);
        dying.connect(o);
        dying.disconnectForcibly(0, 1000, false); // no DISCONNECT packet: the will must be sent
        dying.close();
        assertThat(broker.denied.poll(10, TimeUnit.SECONDS)).isEqualTo("null|secret/last-words");
        MqttClient dying2 = new MqttClient(broker.uri(), "dying2", new MemoryPersistence());
        o.setWill("public/last-words", "bye".getBytes(StandardCharsets.UTF_8), 1, false);
        dying2.connect(o);
        dying2.disconnectForcibly(0, 1000, false);
        dying2.close();
        assertThat(watcher.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("public/last-words=bye");
        assertThat(watcher.inbox).isEmpty();
    }

    @Test
    void username_and_client_id_placeholders_confine_each_client() throws Exception {
        start("deny", "ignore");
        try (Clients.V5 alice = new Clients.V5(broker.port(), "alice-1", "alice", "a-pw")) {
            assertThat(alice.subscribe("users/alice/#", "users/sensor/#", "users/+/inbox", "clients/alice-1/#"))
                    .containsExactly(1, 0x87, 0x87, 1);
            assertThat(alice.publish("users/alice/inbox", "me")).isZero();
            assertThat(alice.publish("clients/alice-1/state", "c")).isZero();
            assertThat(alice.publish("users/sensor/inbox", "not me")).isEqualTo(0x87);
            assertThat(alice.publish("clients/alice-2/state", "not me")).isEqualTo(0x87);
            assertThat(alice.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("users/alice/inbox=me");
            assertThat(alice.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("clients/alice-1/state=c");
        }
    }

    @Test
    void nomatch_allow_lets_through_what_no_rule_covers_but_rules_still_deny() {
        start("allow", "ignore");
        try (Clients.V5 sensor = new Clients.V5(broker.port(), "s6", "sensor", "s-pw")) {
            assertThat(sensor.publish("other/topic", "x")).isZero();
            assertThat(sensor.subscribe("elsewhere/#")).containsExactly(1);
            assertThat(sensor.publish("secret/plans", "x")).isEqualTo(0x87);
        }
    }

    @Test
    void rule_changes_apply_to_connected_clients_without_reconnecting() {
        start("deny", "ignore");
        try (Clients.V5 sensor = new Clients.V5(broker.port(), "s7", "sensor", "s-pw")) {
            assertThat(sensor.publish("public/a", "1")).isZero();
            broker.access.acl().insert(1, dev.estuary.core.acl.AclConf.parseRule(
                    "{deny, {user, \"sensor\"}, publish, [\"public/a\"]}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sensor.publish("public/a", "2") == 0x87);
            assertThat(sensor.publish("public/b", "3")).isZero();
        }
    }
}
