package dev.estuary.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SmokeTest {
    @Test
    void paho_v3_publish_reaches_paho_v5_subscriber() throws Exception {
        try (MqttTestServer server = MqttTestServer.start()) {
            BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
            org.eclipse.paho.mqttv5.client.MqttClient sub =
                    new org.eclipse.paho.mqttv5.client.MqttClient(server.uri(), "sub5",
                            new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            sub.connect(new MqttConnectionOptions());
            sub.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription("a/+", 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, msg) ->
                    got.add(topic + "=" + new String(msg.getPayload(), StandardCharsets.UTF_8))});
            MqttClient pub = new MqttClient(server.uri(), "pub3", new MemoryPersistence());
            pub.connect(new MqttConnectOptions());
            pub.publish("a/b", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("a/b=hello");
            sub.publish("a/c", new MqttMessage("v5".getBytes(StandardCharsets.UTF_8)));
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("a/c=v5");
            pub.disconnect();
            pub.close();
            sub.disconnect();
            sub.close();
        }
    }
}
