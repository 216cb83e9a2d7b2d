package dev.estuary.adapter.mqtt.testing;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved MQTT 5 client (HiveMQ MQTT client) that stays connected while a test abuses the broker with other
 * connections, and proves it is unaffected: {@link #assertRoundTrip()} publishes to itself at QoS 1 and waits for
 * the message to come back.
 */
public final class BystanderClient implements AutoCloseable {
    private final Mqtt5BlockingClient client;
    private final Mqtt5BlockingClient.Mqtt5Publishes publishes;
    private final String topic;
    private final AtomicInteger counter = new AtomicInteger();

    private BystanderClient(int port, String id) {
        this.topic = "bystander/" + id;
        this.client = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        client.connect();
        this.publishes = client.publishes(MqttGlobalPublishFilter.ALL);
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    public static BystanderClient connect(int port, String id) {
        return new BystanderClient(port, id);
    }

    /** Publishes a fresh payload to its own topic and fails unless it comes back within 5 s. */
    public void assertRoundTrip() throws InterruptedException {
        if (!client.getState().isConnected()) {
            throw new AssertionError("the bystander client was disconnected");
        }
        String payload = "ping-" + counter.incrementAndGet();
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        while (true) {
            Optional<Mqtt5Publish> got = publishes.receive(5, TimeUnit.SECONDS);
            if (got.isEmpty()) {
                throw new AssertionError("the bystander's message " + payload + " did not come back within 5 s");
            }
            if (new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8).equals(payload)) {
                return;
            }
        }
    }

    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        publishes.close();
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}
