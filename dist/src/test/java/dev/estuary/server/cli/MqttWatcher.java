package dev.estuary.server.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** A Paho MQTT 5 client subscribed to one filter, keeping what arrives ("topic payload") in order. */
final class MqttWatcher implements AutoCloseable {
    private final MqttClient client;
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

    MqttWatcher(int port, String filter) throws MqttException {
        client = new MqttClient("tcp://127.0.0.1:" + port, "watcher", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(5);
        client.connect(o);
        // subscribe(String, int, IMqttMessageListener) recurses forever in Paho 1.2.5: use the array form
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, new IMqttMessageListener[] {
            (topic, m) -> received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8))});
    }

    /** The next message as "topic payload"; fails after 10 s. */
    String next() throws InterruptedException {
        String m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no MQTT message within 10 s");
        }
        return m;
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
