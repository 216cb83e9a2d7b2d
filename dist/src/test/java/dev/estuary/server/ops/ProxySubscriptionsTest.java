package dev.estuary.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy subscriptions from {@code auto_subscribe} on a running gateway, and a kick of an MQTT 3.1.1 client (which
 * has no DISCONNECT to receive: its connection is closed), both seen by a Paho 3.1.1 client.
 */
@Timeout(30)
class ProxySubscriptionsTest {
    @TempDir
    Path dir;

    private OpsGateway gw;
    private MqttClient client;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        gw = OpsGateway.start(dir, "auto_subscribe:\n  topics:\n    - {topic: 'clients/%c/commands', qos: 1}\n"
                + "    - {topic: 'users/%u/news', qos: 0}\n");
        client = new MqttClient(gw.mqttUri(), "proxy-1", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.add(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(o);
    }

    @AfterEach
    void stop() throws Exception {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
        gw.close();
    }

    @Test
    void a_client_is_subscribed_to_its_own_command_topic_at_connect() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/v1/clients/proxy-1/subscriptions").json()
                .size() == 1);
        JsonNode sub = gw.get("/api/v1/clients/proxy-1/subscriptions").json().get(0);
        assertThat(sub.get("topic").asText()).isEqualTo("clients/proxy-1/commands");
        assertThat(sub.get("qos").asInt()).isEqualTo(1);
        // no username: no users/%u/news subscription
        gw.post("/api/v1/publish", "{\"topic\": \"clients/proxy-1/commands\", \"payload\": \"reboot\", \"qos\": 1}");
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("clients/proxy-1/commands reboot");
    }

    @Test
    void kicking_an_mqtt311_client_closes_its_connection() throws Exception {
        assertThat(gw.delete("/api/v1/clients/proxy-1").status()).isEqualTo(204);
        assertThat(lost.poll(10, TimeUnit.SECONDS)).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/v1/listeners/tcp").json()
                .get("disconnects").get("kicked").asLong() == 1);
    }
}
