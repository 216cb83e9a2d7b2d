package dev.estuary.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code $SYS} topics of a running gateway as an MQTT subscriber sees them. */
@Timeout(30)
class SysEventsTest {
    @TempDir
    Path dir;

    private OpsGateway gw;
    private MqttClient watcher;
    private final Map<String, String> latest = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        gw = OpsGateway.start(dir, "sys:\n  interval: 100ms\n  heartbeat_interval: 100ms\n");
        watcher = new MqttClient(gw.mqttUri(), "sys-watcher", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(5);
        watcher.connect(o);
        IMqttMessageListener keep = (topic, m) -> {
            String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
            latest.put(topic, payload);
            if (topic.contains("/clients/")) {
                events.add(topic + " " + payload);
            }
        };
        watcher.subscribe(new MqttSubscription[] {new MqttSubscription("$SYS/#", 0)},
                new IMqttMessageListener[] {keep});
    }

    @AfterEach
    void stop() throws Exception {
        if (watcher.isConnected()) {
            watcher.disconnect();
        }
        watcher.close();
        gw.close();
    }

    private String sys(String suffix) {
        return "$SYS/brokers/" + gw.node() + "/" + suffix;
    }

    /** The next client event of {@code clientId}, as "connected|disconnected" and its JSON body. */
    private JsonNode nextEvent(String clientId, String kind) throws Exception {
        String prefix = sys("clients/" + clientId + "/" + kind) + " ";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.startsWith(prefix)) {
                return OpsGateway.JSON.readTree(e.substring(prefix.length()));
            }
        }
        throw new AssertionError("no " + prefix + "within 10 s");
    }

    @Test
    void a_subscriber_sees_connected_and_disconnected_events_of_an_mqtt_client() throws Exception {
        MqttClient c = new MqttClient(gw.mqttUri(), "sys-subject", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        assertThat(gw.post("/api/v1/users", "{\"username\": \"dora\", \"password\": \"pw-dora\"}").status())
                .isEqualTo(201);
        o.setUserName("dora");
        o.setPassword("pw-dora".getBytes(StandardCharsets.UTF_8));
        o.setKeepAliveInterval(42);
        c.connect(o);
        JsonNode up = nextEvent("sys-subject", "connected");
        assertThat(up.get("clientid").asText()).isEqualTo("sys-subject");
        assertThat(up.get("username").asText()).isEqualTo("dora");
        assertThat(up.get("ipaddress").asText()).isEqualTo("127.0.0.1");
        assertThat(up.get("proto_name").asText()).isEqualTo("MQTT");
        assertThat(up.get("proto_ver").asInt()).isEqualTo(5);
        assertThat(up.get("keepalive").asInt()).isEqualTo(42);
        assertThat(up.get("connected_at").asLong()).isPositive();
        c.disconnect();
        c.close();
        JsonNode down = nextEvent("sys-subject", "disconnected");
        assertThat(down.get("clientid").asText()).isEqualTo("sys-subject");
        assertThat(down.get("reason").asText()).isEqualTo("normal");
        assertThat(down.get("disconnected_at").asLong()).isGreaterThanOrEqualTo(up.get("connected_at").asLong());
    }

    @Test
    void version_uptime_datetime_stats_and_metrics_are_published() {
        await().atMost(Duration.ofSeconds(10)).until(() -> latest.containsKey(sys("uptime"))
                && latest.containsKey(sys("datetime")) && latest.containsKey(sys("stats/connections/count"))
                && latest.containsKey(sys("metrics/messages/received")));
        assertThat(latest.get("$SYS/brokers")).isEqualTo(gw.node());
        assertThat(latest.get(sys("version"))).isNotEmpty();
        assertThat(Long.parseLong(latest.get(sys("stats/connections/count")))).isGreaterThanOrEqualTo(1);
        assertThat(latest).containsKeys(sys("stats/connections/max"), sys("stats/sessions/count"),
                sys("stats/subscriptions/count"), sys("stats/topics/count"), sys("stats/retained/count"),
                sys("stats/retained/max"), sys("metrics/messages/sent"), sys("metrics/messages/dropped"),
                sys("metrics/bytes/received"), sys("metrics/bytes/sent"), sys("metrics/packets/received"),
                sys("metrics/packets/sent"));
    }

    @Test
    void clients_cannot_publish_into_sys() throws Exception {
        MqttClient c = new MqttClient(gw.mqttUri(), "sys-forger", new MemoryPersistence());
        c.connect(new MqttConnectionOptions());
        MqttMessage fake = new MqttMessage("forged".getBytes(StandardCharsets.UTF_8));
        fake.setQos(1);
        try {
            c.publish(sys("forged"), fake);
        } catch (org.eclipse.paho.mqttv5.common.MqttException denied) {
            // MQTT 5: PUBACK 0x87 surfaces as an exception, which is what we want
        }
        c.publish("after/forged", new MqttMessage("x".getBytes(StandardCharsets.UTF_8)));
        c.disconnect();
        c.close();
        nextEvent("sys-forger", "disconnected");
        assertThat(latest).doesNotContainKey(sys("forged"));
    }
}
