package dev.estuary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.adapter.mqtt.testing.AdjustableClock;
import dev.estuary.core.config.ConfigLoader;
import dev.estuary.core.config.EstuaryConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway stopped and started again in-process on the same data directory, with real clients (Paho
 * MQTT 5 subscriber, HiveMQ publisher): retained messages come back; an offline persistent session gets every
 * QoS 1/2 message published before the restart and after it, QoS 2 exactly once and each topic in order; a
 * session and a message whose expiry ran out while the gateway was down are gone. The gateway's clock is moved
 * forward while it is down.
 */
@Timeout(60)
class DurableRestartTest {
    @TempDir
    Path dir;

    private final AdjustableClock clock = new AdjustableClock(Instant.now());
    private final List<AutoCloseable> open = new ArrayList<>();
    private Gateway gateway;

    @AfterEach
    void close() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already closed
            }
        }
        if (gateway != null) {
            gateway.stop();
        }
    }

    private EstuaryConfig config(String sync) {
        return new ConfigLoader(Map.of(
                "ESTUARY_LISTENERS__TCP__BIND", "127.0.0.1:0", "ESTUARY_MANAGEMENT__BIND", "127.0.0.1:0",
                "ESTUARY_LISTENERS__WS__ENABLED", "false",
                "ESTUARY_NODE__IO_THREADS", "2",
                "ESTUARY_NODE__DATA_DIR", dir.resolve("data").toString(),
                "ESTUARY_PERSISTENCE__SYNC", sync)).load(null);
    }

    private int start(String sync) {
        gateway = new Gateway(config(sync), clock);
        gateway.start();
        return gateway.mqtt().port(ListenerKind.TCP);
    }

    private void stop() {
        gateway.stop();
        gateway = null;
    }

    // ------------------------------------------------------------------ clients

    /** A Paho MQTT 5 client with a persistent session, collecting "topic payload" lines. */
    private final class Subscriber implements MqttCallback {
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final org.eclipse.paho.mqttv5.client.MqttClient client;
        boolean sessionPresent;

        Subscriber(int port, String id, long expiry) throws MqttException {
            client = new org.eclipse.paho.mqttv5.client.MqttClient("tcp://127.0.0.1:" + port, id,
                    new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(expiry);
            o.setAutomaticReconnect(false);
            IMqttToken t = client.connectWithResult(o);
            sessionPresent = t.getSessionPresent();
            open.add(() -> {
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
            });
        }

        void subscribe(String filter, int qos) throws MqttException {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)},
                    new IMqttMessageListener[] {(t, m) -> messageArrived(t, m)});
        }

        void disconnect() throws MqttException {
            client.disconnect();
        }

        List<String> payloads(String topic) {
            synchronized (received) {
                return received.stream().filter(l -> l.startsWith(topic + " ")).map(l -> l.substring(topic.length()
                        + 1)).collect(Collectors.toList());
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private Mqtt5BlockingClient publisher(int port) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("pub-" + port)
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        c.connect();
        open.add(c::disconnect);
        return c;
    }

    private static void publish(Mqtt5BlockingClient c, String topic, String payload, int qos) {
        c.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.toList());
    }

    // ------------------------------------------------------------------ tests

    @ParameterizedTest
    @ValueSource(strings = {"always", "interval"})
    void retained_messages_and_an_offline_persistent_session_survive_a_restart(String sync) throws Exception {
        int port = start(sync);
        Subscriber sub = new Subscriber(port, "sub", 0xFFFFFFFFL);
        sub.subscribe("d/#", 2);
        sub.disconnect();
        Subscriber shortLived = new Subscriber(port, "short", 600);
        shortLived.subscribe("d/#", 1);
        shortLived.disconnect();
        Mqtt5BlockingClient pub = publisher(port);
        pub.publishWith().topic("r/1").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("retained before".getBytes(StandardCharsets.UTF_8)).send();
        for (int i = 1; i <= 10; i++) {
            publish(pub, "d/q1", Integer.toString(i), 1);
            publish(pub, "d/q2", Integer.toString(i), 2);
        }
        pub.publishWith().topic("d/expiring").qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(60)
                .payload("gone by then".getBytes(StandardCharsets.UTF_8)).send();
        pub.disconnect();
        open.remove(open.size() - 1);
        stop();

        clock.advance(Duration.ofHours(1)); // past "short"'s 600 s and the 60 s message expiry
        port = start(sync);
        assertThat(gateway.broker().sessions().get("short")).isNull();
        assertThat(gateway.broker().sessions().get("sub")).isNotNull();
        Mqtt5BlockingClient pub2 = publisher(port);
        for (int i = 11; i <= 20; i++) {
            publish(pub2, "d/q1", Integer.toString(i), 1);
            publish(pub2, "d/q2", Integer.toString(i), 2);
        }
        Subscriber back = new Subscriber(port, "sub", 0xFFFFFFFFL);
        assertThat(back.sessionPresent).isTrue();
        publish(pub2, "d/zz", "end", 1); // queued after everything else: when it arrives, the rest has
        await().atMost(Duration.ofSeconds(20)).until(() -> back.payloads("d/zz").contains("end"));

        assertThat(back.payloads("d/q2")).as("QoS 2: exactly once, in order").containsExactlyElementsOf(
                range(1, 20));
        assertThat(back.payloads("d/q1").stream().distinct()).as("QoS 1: at least once, in order")
                .containsExactlyElementsOf(range(1, 20));
        assertThat(back.payloads("d/expiring")).isEmpty();
        Subscriber fresh = new Subscriber(port, "fresh", 0);
        fresh.subscribe("r/#", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> fresh.payloads("r/1").contains("retained before"));
        Subscriber shortAgain = new Subscriber(port, "short", 600);
        assertThat(shortAgain.sessionPresent).as("expired while the gateway was down").isFalse();
    }

    @Test
    void sync_none_keeps_nothing_and_writes_no_files() throws Exception {
        int port = start("none");
        Mqtt5BlockingClient pub = publisher(port);
        pub.publishWith().topic("r/1").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("memory only".getBytes(StandardCharsets.UTF_8)).send();
        stop();
        port = start("none");

        assertThat(gateway.broker().retained().get("r/1")).isNull();
        assertThat(dir.resolve("data/durable")).doesNotExist();
    }
}
