package dev.estuary.adapter.coap.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho MQTT 5 client on the other side of the gateway: records what it receives, publishes on request. */
final class MqttProbe implements AutoCloseable {
    /** One received message. */
    record Received(String topic, byte[] payload, String contentType, boolean retained) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

    MqttProbe(String uri, String clientId) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o);
    }

    /** Subscribes (QoS 1) and waits for the SUBACK. */
    MqttProbe subscribe(String... filters) throws MqttException {
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], 1);
            listeners[i] = (topic, m) -> received.add(new Received(topic, m.getPayload(),
                    m.getProperties() == null ? null : m.getProperties().getContentType(), m.isRetained()));
        }
        client.subscribe(subs, listeners);
        return this;
    }

    void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), null, false);
    }

    void publish(String topic, byte[] payload, String contentType, boolean retain) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retain);
        if (contentType != null) {
            MqttProperties p = new MqttProperties();
            p.setContentType(contentType);
            m.setProperties(p);
        }
        client.publish(topic, m);
    }

    /** The next message on {@code topic} (others are skipped), or an AssertionError after {@code timeout}. */
    Received next(String topic, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = end - System.nanoTime();
            Received r = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no message on " + topic + " within " + timeout + " (saw " + skipped + ")");
            }
            if (r.topic().equals(topic)) {
                return r;
            }
            skipped.add(r.topic());
        }
    }

    Received next(String topic) throws InterruptedException {
        return next(topic, Duration.ofSeconds(10));
    }

    /** Proves that nothing arrives on {@code topic} for {@code window} (the one acceptable bounded wait). */
    void assertNothingWithin(String topic, Duration window) throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Received r = received.poll(left, TimeUnit.NANOSECONDS);
            if (r != null && r.topic().equals(topic)) {
                throw new AssertionError("unexpected message on " + topic + ": " + r.text());
            }
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
