package dev.estuary.adapter.lorawan.testing;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import java.util.concurrent.TimeUnit;

/**
 * A network server's MQTT side: its own broker (a second Estuary broker standing in for ChirpStack's Mosquitto or
 * TTS's MQTT server) and the network server as a HiveMQ MQTT client publishing events and receiving downlink
 * commands.
 */
public final class FakeNetworkServer implements AutoCloseable {
    public final MqttTestServer broker = MqttTestServer.start();
    private final Mqtt5BlockingClient client;
    private final Mqtt5BlockingClient.Mqtt5Publishes publishes;

    public FakeNetworkServer(String commandFilter) {
        client = Mqtt5Client.builder().identifier("network-server").serverHost("127.0.0.1").serverPort(broker.port())
                .buildBlocking();
        client.connect();
        publishes = client.publishes(MqttGlobalPublishFilter.ALL);
        client.subscribeWith().topicFilter(commandFilter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    public String uri() {
        return broker.uri();
    }

    public void publish(String topic, byte[] payload) {
        client.publishWith().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    /** The next command Estuary published, or null after 10 s. */
    public Mqtt5Publish nextCommand() throws InterruptedException {
        return publishes.receive(10, TimeUnit.SECONDS).orElse(null);
    }

    /** Proves no command arrives within {@code millis}. */
    public boolean noCommandWithin(long millis) throws InterruptedException {
        return publishes.receive(millis, TimeUnit.MILLISECONDS).isEmpty();
    }

    @Override
    public void close() {
        try {
            publishes.close();
            client.disconnect();
        } finally {
            broker.close();
        }
    }
}
