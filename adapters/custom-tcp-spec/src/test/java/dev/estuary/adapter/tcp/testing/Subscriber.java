package dev.estuary.adapter.tcp.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** An MQTT 5 client (Paho) that records what arrives on its subscriptions and can publish. */
public final class Subscriber implements AutoCloseable {
    /** One received message. */
    public record Received(String topic, byte[] payload, MqttProperties properties) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public String correlation() {
            byte[] c = properties.getCorrelationData();
            return c == null ? null : new String(c, StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final List<Received> seen = new ArrayList<>();

    public Subscriber(String uri, String clientId, String... filters) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.connect(new MqttConnectionOptions());
        if (filters.length > 0) {
            MqttSubscription[] subs = new MqttSubscription[filters.length];
            IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
            for (int i = 0; i < filters.length; i++) {
                subs[i] = new MqttSubscription(filters[i], 1);
                listeners[i] = (topic, m) -> inbox.add(new Received(topic, m.getPayload(), m.getProperties()));
            }
            client.subscribe(subs, listeners);
        }
    }

    /** The next message matching {@code p} within {@code timeout}, or null (non-matching ones are kept aside). */
    public Received await(Predicate<Received> p, Duration timeout) throws InterruptedException {
        synchronized (seen) {
            for (Received r : seen) {
                if (p.test(r)) {
                    seen.remove(r);
                    return r;
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                return null;
            }
            if (p.test(r)) {
                return r;
            }
            synchronized (seen) {
                seen.add(r);
            }
        }
    }

    /** The next message on exactly {@code topic}. */
    public Received await(String topic, Duration timeout) throws InterruptedException {
        return await(r -> r.topic().equals(topic), timeout);
    }

    /** Publishes (QoS 1) with optional MQTT 5 properties. */
    public void publish(String topic, String payload, MqttProperties props) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        if (props != null) {
            m.setProperties(props);
        }
        client.publish(topic, m);
    }

    /** A command with a response topic and correlation data (MQTT 5 request/response). */
    public void request(String topic, String payload, String responseTopic, String correlation, String contentType)
            throws MqttException {
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(responseTopic);
        p.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        if (contentType != null) {
            p.setContentType(contentType);
        }
        publish(topic, payload, p);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
