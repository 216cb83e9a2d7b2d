package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.TlsConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Mosquitto broker bridged to Estuary with the {@code connection} block documented in
 * {@code docs/listeners.md} ({@code try_private true}, {@code topic bridge/# both 1}): the bridge is recognised by
 * the 0x80 bit in its protocol level, messages published on either side arrive on the other exactly once, never
 * loop back, and keep their QoS and RETAIN flags.
 */
@Timeout(90)
class MosquittoBridgeTest {
    private static final String BRIDGE_ID = "site-a-bridge";

    @TempDir
    static Path dir;
    static ListenerTestServer estuary;
    static Process mosquitto;
    static int mosquittoPort;
    static final List<ClientInfo> bridgeConnections = new CopyOnWriteArrayList<>();
    static final List<String> bridgeSubscriptions = new CopyOnWriteArrayList<>();
    static final List<Message> deliveredToBridge = new CopyOnWriteArrayList<>();
    static final List<Message> publishedByBridge = new CopyOnWriteArrayList<>();

    private final List<MqttClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path broker = MosquittoTools.broker();
        estuary = ListenerTestServer.start(TlsConfig.DEFAULTS);
        estuary.broker().hooks().register(new BridgeWatcher());
        mosquittoPort = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        String documented = DocSnippets.block("MosquittoBridgeTest");
        assertThat(documented).contains("address estuary.example.com:1883").contains("remote_clientid " + BRIDGE_ID);
        Files.writeString(conf, String.join("\n",
                "listener " + mosquittoPort + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "",
                documented.replace("estuary.example.com:1883", "127.0.0.1:" + estuary.port(ListenerKind.TCP))));
        mosquitto = new ProcessBuilder(broker.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).alias("bridge connected and subscribed; mosquitto log:\n"
                        + "(see " + dir.resolve("mosquitto.log") + ")")
                .until(() -> {
                    assertThat(mosquitto.isAlive()).as("mosquitto exited: %s", mosquittoLog()).isTrue();
                    return bridgeSubscriptions.contains("bridge/#");
                });
    }

    @AfterAll
    static void stop() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(5, TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (estuary != null) {
            estuary.close();
        }
    }

    @AfterEach
    void closeClients() {
        for (MqttClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close();
            } catch (MqttException e) {
                // best effort
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String mosquittoLog() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Records what the broker sees of the bridge connection. */
    static final class BridgeWatcher implements BrokerEvents {
        @Override
        public void clientConnected(ClientInfo client, boolean sessionPresent) {
            if (client.clientId().equals(BRIDGE_ID)) {
                bridgeConnections.add(client);
            }
        }

        @Override
        public void sessionSubscribed(ClientInfo client, String topic, SubscriptionOptions options) {
            if (client.clientId().equals(BRIDGE_ID)) {
                bridgeSubscriptions.add(topic);
            }
        }

        @Override
        public void messageDelivered(ClientInfo subscriber, Message message, int qos) {
            if (subscriber.clientId().equals(BRIDGE_ID)) {
                deliveredToBridge.add(message);
            }
        }

        @Override
        public void messagePublished(ClientInfo publisher, Message message) {
            if (publisher != null && publisher.clientId().equals(BRIDGE_ID)) {
                publishedByBridge.add(message);
            }
        }
    }

    /** A received message: topic, payload text, QoS, RETAIN. */
    record Received(String topic, String payload, int qos, boolean retained) {
    }

    private MqttClient client(int port, String id) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        c.connect(o);
        clients.add(c);
        return c;
    }

    private MqttClient onMosquitto(String id) throws MqttException {
        return client(mosquittoPort, id);
    }

    private MqttClient onEstuary(String id) throws MqttException {
        return client(estuary.port(ListenerKind.TCP), id);
    }

    private static BlockingQueue<Received> subscribe(MqttClient c, String filter, int qos) throws MqttException {
        BlockingQueue<Received> q = new LinkedBlockingQueue<>();
        c.subscribe(filter, qos, (topic, m) -> q.add(new Received(topic, new String(m.getPayload(),
                StandardCharsets.UTF_8), m.getQos(), m.isRetained())));
        return q;
    }

    private static void publish(MqttClient c, String topic, String payload, int qos, boolean retained)
            throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        m.setRetained(retained);
        c.publish(topic, m);
    }

    private static Received next(BlockingQueue<Received> q) throws InterruptedException {
        Received r = q.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a message within 10 s; mosquitto log: %s", mosquittoLog()).isNotNull();
        return r;
    }

    /** The one bounded wait: proves that no duplicate (a message that looped) arrives. */
    private static void assertNoMessageWithin(BlockingQueue<Received> q, Duration d) throws InterruptedException {
        assertThat(q.poll(d.toMillis(), TimeUnit.MILLISECONDS)).as("no further message").isNull();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void the_bridge_connects_with_the_bridge_bit_and_is_known_as_a_bridge() {
        assertThat(bridgeConnections).isNotEmpty();
        ClientInfo bridge = bridgeConnections.get(0);
        assertThat(bridge.bridge()).isTrue();
        assertThat(bridge.protocolVersion()).as("level 0x84 with the bridge bit cleared").isEqualTo(4);
        assertThat(estuary.client(BRIDGE_ID).bridge()).isTrue();
    }

    @Test
    void message_published_on_mosquitto_arrives_on_estuary_once_and_never_comes_back() throws Exception {
        BlockingQueue<Received> onEstuary = subscribe(onEstuary("e-sub-1"), "bridge/m2e/#", 1);
        BlockingQueue<Received> onMosquitto = subscribe(onMosquitto("m-sub-1"), "bridge/m2e/#", 1);
        publish(onMosquitto("m-pub-1"), "bridge/m2e/a", "from mosquitto", 1, false);

        assertThat(next(onEstuary)).isEqualTo(new Received("bridge/m2e/a", "from mosquitto", 1, false));
        assertThat(next(onMosquitto)).isEqualTo(new Received("bridge/m2e/a", "from mosquitto", 1, false));
        assertNoMessageWithin(onEstuary, Duration.ofMillis(500));
        assertNoMessageWithin(onMosquitto, Duration.ZERO);
        assertThat(deliveredToBridge).as("the bridge's own message is not sent back to it")
                .noneMatch(m -> m.topic().equals("bridge/m2e/a"));
        assertThat(publishedByBridge).filteredOn(m -> m.topic().equals("bridge/m2e/a")).hasSize(1);
    }

    @Test
    void message_published_on_estuary_arrives_on_mosquitto_once_and_never_comes_back() throws Exception {
        BlockingQueue<Received> onEstuary = subscribe(onEstuary("e-sub-2"), "bridge/e2m/#", 1);
        BlockingQueue<Received> onMosquitto = subscribe(onMosquitto("m-sub-2"), "bridge/e2m/#", 1);
        publish(onEstuary("e-pub-2"), "bridge/e2m/a", "from estuary", 1, false);

        assertThat(next(onMosquitto)).isEqualTo(new Received("bridge/e2m/a", "from estuary", 1, false));
        assertThat(next(onEstuary)).isEqualTo(new Received("bridge/e2m/a", "from estuary", 1, false));
        assertNoMessageWithin(onMosquitto, Duration.ofMillis(500));
        assertNoMessageWithin(onEstuary, Duration.ZERO);
        assertThat(publishedByBridge).noneMatch(m -> m.topic().equals("bridge/e2m/a"));
        assertThat(deliveredToBridge).filteredOn(m -> m.topic().equals("bridge/e2m/a")).hasSize(1);
    }

    @Test
    void qos_0_crosses_the_bridge_as_qos_0_in_both_directions() throws Exception {
        BlockingQueue<Received> onEstuary = subscribe(onEstuary("e-sub-3"), "bridge/q0/#", 1);
        BlockingQueue<Received> onMosquitto = subscribe(onMosquitto("m-sub-3"), "bridge/q0/#", 1);
        publish(onMosquitto("m-pub-3"), "bridge/q0/m", "m0", 0, false);
        publish(onEstuary("e-pub-3"), "bridge/q0/e", "e0", 0, false);

        assertThat(List.of(next(onEstuary), next(onEstuary))).containsExactlyInAnyOrder(
                new Received("bridge/q0/m", "m0", 0, false), new Received("bridge/q0/e", "e0", 0, false));
        assertThat(List.of(next(onMosquitto), next(onMosquitto))).containsExactlyInAnyOrder(
                new Received("bridge/q0/m", "m0", 0, false), new Received("bridge/q0/e", "e0", 0, false));
        assertNoMessageWithin(onEstuary, Duration.ofMillis(500));
        assertNoMessageWithin(onMosquitto, Duration.ZERO);
    }

    @Test
    void retained_message_published_on_estuary_is_retained_by_mosquitto() throws Exception {
        BlockingQueue<Received> live = subscribe(onMosquitto("m-sub-4"), "bridge/retain/e", 1);
        publish(onEstuary("e-pub-4"), "bridge/retain/e", "kept", 1, true);
        assertThat(next(live).payload()).isEqualTo("kept");

        BlockingQueue<Received> late = subscribe(onMosquitto("m-late-4"), "bridge/retain/e", 1);
        assertThat(next(late)).as("mosquitto stored it as retained")
                .isEqualTo(new Received("bridge/retain/e", "kept", 1, true));
    }

    @Test
    void retained_message_published_on_mosquitto_is_retained_by_estuary() throws Exception {
        BlockingQueue<Received> live = subscribe(onEstuary("e-sub-5"), "bridge/retain/m", 1);
        publish(onMosquitto("m-pub-5"), "bridge/retain/m", "kept too", 1, true);
        assertThat(next(live).payload()).isEqualTo("kept too");

        BlockingQueue<Received> late = subscribe(onEstuary("e-late-5"), "bridge/retain/m", 1);
        assertThat(next(late)).as("Estuary stored it as retained")
                .isEqualTo(new Received("bridge/retain/m", "kept too", 1, true));
        assertNoMessageWithin(late, Duration.ofMillis(500));
    }
}
