package dev.estuary.adapter.coap.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
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
    private final ConcurrentHashMap<String, LinkedBlockingQueue<Received>> received = new ConcurrentHashMap<>();

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
            listeners[i] = (topic, m) -> queue(topic).add(new Received(topic, m.getPayload(),
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

    private LinkedBlockingQueue<Received> queue(String topic) {
        return received.computeIfAbsent(topic, t -> new LinkedBlockingQueue<>());
    }

    /** The next message on {@code topic} (messages on other topics stay for their own calls). */
    Received next(String topic, Duration timeout) throws InterruptedException {
        Received r = queue(topic).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no message on " + topic + " within " + timeout + " (topics seen: "
                    + received.keySet() + ")");
        }
        return r;
    }

    Received next(String topic) throws InterruptedException {
        return next(topic, Duration.ofSeconds(10));
    }

    /** Proves that nothing arrives on {@code topic} for {@code window} (the one acceptable bounded wait). */
    void assertNothingWithin(String topic, Duration window) throws InterruptedException {
        Received r = queue(topic).poll(window.toMillis(), TimeUnit.MILLISECONDS);
        if (r != null) {
            throw new AssertionError("unexpected message on " + topic + ": " + r.text());
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
