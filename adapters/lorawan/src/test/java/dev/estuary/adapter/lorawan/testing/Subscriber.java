package dev.estuary.adapter.lorawan.testing;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho v5 application client: records everything it receives and publishes commands. */
public final class Subscriber implements AutoCloseable {
    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public Subscriber(String uri, String clientId, String... filters) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                MqttProperties p = m.getProperties();
                received.add(new Received(topic, m.getPayload(), m.isRetained(), p == null ? null : p.getContentType(),
                        p == null ? null : p.getCorrelationData()));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
            }
        });
        client.connect(new MqttConnectionOptions());
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], 1);
        }
        client.subscribe(subs);
    }

    public List<Received> received() {
        return received;
    }

    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Waits for the first message on {@code topic} matching {@code p}. */
    public Received await(String topic, Predicate<Received> p) {
        Received[] found = new Received[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (Received r : received) {
                if (r.topic().equals(topic) && p.test(r)) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    public Received await(String topic) {
        return await(topic, r -> true);
    }

    /** Publishes a command; with a response topic and correlation data when {@code responseTopic} is set. */
    public void publish(String topic, String payload, String responseTopic, String correlation) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        m.setQos(1);
        if (responseTopic != null) {
            MqttProperties p = new MqttProperties();
            p.setResponseTopic(responseTopic);
            p.setCorrelationData(correlation.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            m.setProperties(p);
        }
        client.publish(topic, m);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
