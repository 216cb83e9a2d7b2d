package dev.estuary.adapter.lwm2m.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 client for tests: collects messages per topic, sends commands with a response topic and
 * correlation data, waits for answers. The only bounded wait that expects nothing is
 * {@link #assertNoMessageWithin}.
 */
public final class MqttProbe implements AutoCloseable {
    /**
     * A received message.
     *
     * @param topic       its topic
     * @param payload     its payload as text
     * @param correlation its correlation data as text, or null
     * @param contentType its content type, or null
     */
    public record Received(String topic, String payload, String correlation, String contentType) {
        public JsonNode json() {
            try {
                return Lwm2mGateway.JSON.readTree(payload);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON on " + topic + ": " + payload, e);
            }
        }
    }

    private final MqttClient client;
    private final Map<String, LinkedBlockingQueue<Received>> byTopic = new ConcurrentHashMap<>();
    private final String responseTopic;

    private MqttProbe(String uri, String clientId) throws Exception {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        // one callback for every subscription: Paho 1.2.5 iterates its per-subscription listener map on the
        // callback thread without a lock, so adding listeners while messages arrive throws
        // ConcurrentModificationException there
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                queue(topic).add(received(topic, m));
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties p) {
            }
        });
        client.connect(new MqttConnectionOptions());
        responseTopic = "app/" + clientId + "/answers";
        subscribe(responseTopic);
    }

    public static MqttProbe v5(String uri, String clientId) throws Exception {
        return new MqttProbe(uri, clientId);
    }

    public void subscribe(String filter) throws Exception {
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
    }

    private static Received received(String topic, MqttMessage m) {
        MqttProperties p = m.getProperties();
        String corr = p == null || p.getCorrelationData() == null ? null
                : new String(p.getCorrelationData(), StandardCharsets.UTF_8);
        return new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), corr,
                p == null ? null : p.getContentType());
    }

    private LinkedBlockingQueue<Received> queue(String topic) {
        return byTopic.computeIfAbsent(topic, t -> new LinkedBlockingQueue<>());
    }

    /** The next message on a topic. */
    public Received await(String topic, Duration timeout) throws InterruptedException {
        Received r = queue(topic).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r).as("a message on " + topic + " within " + timeout).isNotNull();
        return r;
    }

    public JsonNode awaitJson(String topic, Duration timeout) throws InterruptedException {
        return await(topic, timeout).json();
    }

    /** The next message on a topic that matches, skipping others. */
    public JsonNode awaitJson(String topic, Duration timeout, java.util.function.Predicate<JsonNode> match)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            Received r = queue(topic).poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            assertThat(r).as("a matching message on " + topic + " within " + timeout).isNotNull();
            JsonNode j = r.json();
            if (match.test(j)) {
                return j;
            }
        }
    }

    /** Publishes a command to {@code topic} with this probe's response topic and {@code correlation}. */
    public void request(String topic, String payload, String correlation) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        MqttProperties props = new MqttProperties();
        props.setResponseTopic(responseTopic);
        props.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        m.setProperties(props);
        m.setQos(1);
        client.publish(topic, m);
    }

    /** Sends a command and returns its answer (asserting the correlation data came back). */
    public JsonNode call(String topic, String payload, Duration timeout) throws Exception {
        String corr = "c-" + System.nanoTime();
        request(topic, payload, corr);
        Received r = await(responseTopic, timeout);
        assertThat(r.correlation()).isEqualTo(corr);
        assertThat(r.contentType()).isEqualTo("application/json");
        return r.json();
    }

    public void publish(String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish(topic, m);
    }

    public String responseTopic() {
        return responseTopic;
    }

    /** Proves that nothing arrives on a topic for a while (the only acceptable bounded wait). */
    public void assertNoMessageWithin(String topic, Duration d) throws InterruptedException {
        Received r = queue(topic).poll(d.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r).as("no message on " + topic + " within " + d).isNull();
    }

    /** Forgets what was received so far on a topic. */
    public void clear(String topic) {
        queue(topic).clear();
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
