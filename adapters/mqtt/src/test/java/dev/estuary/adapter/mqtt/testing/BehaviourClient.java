package dev.estuary.adapter.mqtt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * One connection of a real MQTT client library behind one small interface, so that a behaviour test runs
 * unchanged over MQTT 3.1.1 and 5 and over two independent implementations: the HiveMQ MQTT client (the default:
 * it connects in milliseconds) and Eclipse Paho (mqttv3 / mqttv5; its connect takes about 300 ms of fixed
 * thread start-up sleeps, so tests use it where a second implementation matters). Received messages are queued;
 * {@link #next()} takes them in order. Close it to disconnect and release the library's resources.
 */
public abstract class BehaviourClient implements AutoCloseable {
    /** How long {@link #next()} waits. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    /** The protocol version under test. */
    public enum Protocol {
        MQTT_3_1_1, MQTT_5;

        public boolean isV5() {
            return this == MQTT_5;
        }

        /** The same version for {@link BehaviourRawClient}. */
        public io.netty.handler.codec.mqtt.MqttVersion mqttVersion() {
            return isV5() ? io.netty.handler.codec.mqtt.MqttVersion.MQTT_5
                    : io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1;
        }
    }

    /** The client library. */
    public enum Library {
        HIVEMQ, PAHO
    }

    /**
     * A message as the client library reported it ({@code dup} is always false for HiveMQ, which hides it).
     *
     * @param expiry the MQTT 5 Message Expiry Interval received, or null (always null for 3.1.1)
     */
    public record Received(String topic, String payload, int qos, boolean retain, boolean dup, Long expiry) {
        @Override
        public String toString() {
            return topic + "=" + payload + " qos" + qos + (retain ? " retain" : "") + (dup ? " dup" : "")
                    + (expiry != null ? " expiry=" + expiry : "");
        }
    }

    protected final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    /** Completes when the server ends the connection; for MQTT 5 with the DISCONNECT reason code (-1: none). */
    protected final CompletableFuture<Integer> lost = new CompletableFuture<>();
    protected boolean sessionPresent;

    /** Options for one connection. */
    public static final class Options {
        private final Protocol protocol;
        private final MqttTestServer server;
        private final String clientId;
        private Library library = Library.HIVEMQ;
        private boolean cleanStart = true;
        private long sessionExpiry;
        private int keepAlive = 60;
        private String willTopic;
        private String willPayload;
        private int willQos;
        private boolean willRetain;

        private Options(Protocol protocol, MqttTestServer server, String clientId) {
            this.protocol = protocol;
            this.server = server;
            this.clientId = clientId;
        }

        /** The client library; default HiveMQ. */
        public Options library(Library v) {
            this.library = v;
            return this;
        }

        /** Clean start (clean session for 3.1.1); default true. */
        public Options cleanStart(boolean v) {
            this.cleanStart = v;
            return this;
        }

        /** MQTT 5 Session Expiry Interval (3.1.1 uses the broker's session_expiry_interval). Default 0. */
        public Options sessionExpiry(long seconds) {
            this.sessionExpiry = seconds;
            return this;
        }

        public Options keepAlive(int seconds) {
            this.keepAlive = seconds;
            return this;
        }

        public Options will(String topic, String payload, int qos, boolean retain) {
            this.willTopic = topic;
            this.willPayload = payload;
            this.willQos = qos;
            this.willRetain = retain;
            return this;
        }

        /** Connects, failing the test if the broker refuses. */
        public BehaviourClient connect() throws Exception {
            BehaviourClient c;
            if (library == Library.PAHO) {
                c = protocol.isV5() ? new PahoV5(this) : new PahoV3(this);
            } else {
                c = protocol.isV5() ? new Hive5(this) : new Hive3(this);
            }
            try {
                c.doConnect(this);
            } catch (Exception | AssertionError e) {
                c.closeQuietly();
                throw e;
            }
            return c;
        }
    }

    /** Options for a client of {@code protocol} connecting to {@code server} as {@code clientId}. */
    public static Options of(Protocol protocol, MqttTestServer server, String clientId) {
        return new Options(protocol, server, clientId);
    }

    /** Connects with clean start and the given client id (HiveMQ client). */
    public static BehaviourClient connect(Protocol protocol, MqttTestServer server, String clientId)
            throws Exception {
        return of(protocol, server, clientId).connect();
    }

    /** Whether CONNACK said a session was present. */
    public boolean sessionPresent() {
        return sessionPresent;
    }

    /** Subscribes and returns the granted QoS (or the failure code). */
    public abstract int subscribe(String filter, int qos) throws Exception;

    public abstract void unsubscribe(String filter) throws Exception;

    /** Publishes and, for QoS 1/2, waits until the flow completed. */
    public abstract void publish(String topic, String payload, int qos, boolean retain) throws Exception;

    /** Sends DISCONNECT (reason 0x00) and closes the socket. */
    public abstract void disconnect() throws Exception;

    public abstract boolean isConnected();

    protected abstract void doConnect(Options o) throws Exception;

    protected abstract void closeQuietly();

    /** The next message received, in order; fails after {@link #WAIT}. */
    public Received next() throws InterruptedException {
        Received r = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no message received within " + WAIT.toMillis() + " ms");
        }
        return r;
    }

    /**
     * Everything received up to and including the message whose payload is {@code payload}: publish a sentinel
     * after the messages that must (not) arrive, and because one publisher's messages keep their order, what did
     * not arrive before the sentinel will not arrive at all. With Paho, give the sentinel the highest QoS used:
     * Paho hands a QoS 2 message to the application only when PUBREL arrives, so a lower-QoS sentinel can
     * overtake it.
     */
    public List<Received> receiveUntil(String payload) throws InterruptedException {
        List<Received> out = new ArrayList<>();
        while (true) {
            Received r = next();
            out.add(r);
            if (r.payload().equals(payload)) {
                return out;
            }
        }
    }

    /** Payloads received up to and including the sentinel {@code payload}. */
    public List<String> payloadsUntil(String payload) throws InterruptedException {
        return receiveUntil(payload).stream().map(Received::payload).toList();
    }

    /** Proves that no message arrives within {@code wait} (the one acceptable bounded wait). */
    public void assertNoMessageWithin(Duration wait) throws InterruptedException {
        Received r = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r).as("message received within %d ms", wait.toMillis()).isNull();
    }

    /** Waits until the server ended the connection; returns the MQTT 5 DISCONNECT reason code, or -1. */
    public int awaitLost() throws Exception {
        return lost.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class PahoV3 extends BehaviourClient {
        private final org.eclipse.paho.client.mqttv3.MqttClient client;

        PahoV3(Options o) throws MqttException {
            client = new org.eclipse.paho.client.mqttv3.MqttClient(o.server.uri(), o.clientId,
                    new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.complete(-1);
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                    received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8),
                            m.getQos(), m.isRetained(), m.isDuplicate(), null));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
        }

        @Override
        protected void doConnect(Options o) throws Exception {
            MqttConnectOptions opts = new MqttConnectOptions();
            opts.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            opts.setCleanSession(o.cleanStart);
            opts.setKeepAliveInterval(o.keepAlive);
            opts.setAutomaticReconnect(false);
            if (o.willTopic != null) {
                opts.setWill(o.willTopic, utf8(o.willPayload), o.willQos, o.willRetain);
            }
            sessionPresent = client.connectWithResult(opts).getSessionPresent();
        }

        @Override
        public int subscribe(String filter, int qos) throws Exception {
            return client.subscribeWithResponse(filter, qos).getGrantedQos()[0];
        }

        @Override
        public void unsubscribe(String filter) throws Exception {
            client.unsubscribe(filter);
        }

        @Override
        public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
            client.publish(topic, utf8(payload), qos, retain);
        }

        @Override
        public void disconnect() throws Exception {
            client.disconnect(0);
        }

        @Override
        public boolean isConnected() {
            return client.isConnected();
        }

        @Override
        protected void closeQuietly() {
            try {
                if (client.isConnected()) {
                    client.disconnect(0); // disconnectForcibly always waits its full timeout
                }
            } catch (MqttException e) {
                try {
                    client.disconnectForcibly(0, 100);
                } catch (MqttException ignored) {
                    // the test is over; the server may have closed already
                }
            }
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // as above
            }
        }
    }

    private static final class PahoV5 extends BehaviourClient {
        private final org.eclipse.paho.mqttv5.client.MqttClient client;

        PahoV5(Options o) throws org.eclipse.paho.mqttv5.common.MqttException {
            client = new org.eclipse.paho.mqttv5.client.MqttClient(o.server.uri(), o.clientId,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse r) {
                    lost.complete(r.getException() == null ? r.getReturnCode() : -1);
                }

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
                    Long expiry = m.getProperties() == null ? null : m.getProperties().getMessageExpiryInterval();
                    received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8),
                            m.getQos(), m.isRetained(), m.isDuplicate(), expiry));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
        }

        @Override
        protected void doConnect(Options o) throws Exception {
            MqttConnectionOptions opts = new MqttConnectionOptions();
            opts.setCleanStart(o.cleanStart);
            opts.setSessionExpiryInterval(o.sessionExpiry);
            opts.setKeepAliveInterval(o.keepAlive);
            opts.setAutomaticReconnect(false);
            if (o.willTopic != null) {
                org.eclipse.paho.mqttv5.common.MqttMessage will =
                        new org.eclipse.paho.mqttv5.common.MqttMessage(utf8(o.willPayload));
                will.setQos(o.willQos);
                will.setRetained(o.willRetain);
                opts.setWill(o.willTopic, will);
            }
            sessionPresent = client.connectWithResult(opts).getSessionPresent();
        }

        @Override
        public int subscribe(String filter, int qos) throws Exception {
            return client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)}).getReasonCodes()[0];
        }

        @Override
        public void unsubscribe(String filter) throws Exception {
            client.unsubscribe(filter);
        }

        @Override
        public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
            client.publish(topic, utf8(payload), qos, retain);
        }

        @Override
        public void disconnect() throws Exception {
            client.disconnect(0);
        }

        @Override
        public boolean isConnected() {
            return client.isConnected();
        }

        @Override
        protected void closeQuietly() {
            try {
                if (client.isConnected()) {
                    client.disconnect(0); // disconnectForcibly always waits its full timeout
                }
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                try {
                    client.disconnectForcibly(0, 100);
                } catch (org.eclipse.paho.mqttv5.common.MqttException ignored) {
                    // the test is over; the server may have closed already
                }
            }
            try {
                client.close(true);
            } catch (org.eclipse.paho.mqttv5.common.MqttException ignored) {
                // as above
            }
        }
    }

    /** The underlying Paho MQTT 5 client, for MQTT 5-only options (fails for other clients). */
    public org.eclipse.paho.mqttv5.client.MqttClient paho5() {
        assertThat(this).as("a Paho MQTT 5 client").isInstanceOf(PahoV5.class);
        return ((PahoV5) this).client;
    }

    /** The underlying HiveMQ MQTT 5 client, for MQTT 5-only options (fails for other clients). */
    public Mqtt5AsyncClient hive5() {
        assertThat(this).as("a HiveMQ MQTT 5 client").isInstanceOf(Hive5.class);
        return ((Hive5) this).client;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static final class Hive3 extends BehaviourClient {
        private final Mqtt3AsyncClient client;

        Hive3(Options o) {
            Mqtt3ClientBuilder b = Mqtt3Client.builder().serverHost("127.0.0.1").serverPort(o.server.port())
                    .addDisconnectedListener(ctx -> {
                        if (ctx.getSource() != MqttDisconnectSource.USER) {
                            lost.complete(-1);
                        }
                    });
            if (!o.clientId.isEmpty()) {
                b.identifier(o.clientId);
            }
            client = b.buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new Received(p.getTopic().toString(),
                    new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), p.getQos().getCode(), p.isRetain(),
                    false, null)));
        }

        @Override
        protected void doConnect(Options o) throws Exception {
            Mqtt3ConnectBuilder.Send<java.util.concurrent.CompletableFuture<
                    com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck>> c =
                    client.connectWith().cleanSession(o.cleanStart).keepAlive(o.keepAlive);
            if (o.willTopic != null) {
                c.willPublish().topic(o.willTopic).payload(utf8(o.willPayload)).qos(MqttQos.fromCode(o.willQos))
                        .retain(o.willRetain).applyWillPublish();
            }
            sessionPresent = await(c.send()).isSessionPresent();
        }

        @Override
        public int subscribe(String filter, int qos) throws Exception {
            return await(client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send())
                    .getReturnCodes().get(0).getCode();
        }

        @Override
        public void unsubscribe(String filter) throws Exception {
            await(client.unsubscribeWith().topicFilter(filter).send());
        }

        @Override
        public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
            await(client.publishWith().topic(topic).payload(utf8(payload)).qos(MqttQos.fromCode(qos)).retain(retain)
                    .send());
        }

        @Override
        public void disconnect() throws Exception {
            await(client.disconnect());
        }

        @Override
        public boolean isConnected() {
            return client.getState().isConnected();
        }

        @Override
        protected void closeQuietly() {
            if (client.getState().isConnectedOrReconnect()) {
                client.disconnect().handle((v, e) -> null).join();
            }
        }
    }

    private static final class Hive5 extends BehaviourClient {
        private final Mqtt5AsyncClient client;

        Hive5(Options o) {
            Mqtt5ClientBuilder b = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(o.server.port())
                    .addDisconnectedListener(ctx -> {
                        if (ctx.getSource() != MqttDisconnectSource.USER) {
                            lost.complete(ctx.getCause() instanceof Mqtt5DisconnectException
                                    ? ((Mqtt5DisconnectException) ctx.getCause()).getMqttMessage().getReasonCode()
                                            .getCode()
                                    : -1);
                        }
                    });
            if (!o.clientId.isEmpty()) {
                b.identifier(o.clientId);
            }
            client = b.buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new Received(p.getTopic().toString(),
                    new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), p.getQos().getCode(), p.isRetain(),
                    false, p.getMessageExpiryInterval().isPresent() ? p.getMessageExpiryInterval().getAsLong()
                            : null)));
        }

        @Override
        protected void doConnect(Options o) throws Exception {
            Mqtt5ConnectBuilder.Send<java.util.concurrent.CompletableFuture<
                    com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck>> c =
                    client.connectWith().cleanStart(o.cleanStart).sessionExpiryInterval(o.sessionExpiry)
                            .keepAlive(o.keepAlive);
            if (o.willTopic != null) {
                c.willPublish().topic(o.willTopic).payload(utf8(o.willPayload)).qos(MqttQos.fromCode(o.willQos))
                        .retain(o.willRetain).applyWillPublish();
            }
            sessionPresent = await(c.send()).isSessionPresent();
        }

        @Override
        public int subscribe(String filter, int qos) throws Exception {
            return await(client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send())
                    .getReasonCodes().get(0).getCode();
        }

        @Override
        public void unsubscribe(String filter) throws Exception {
            await(client.unsubscribeWith().topicFilter(filter).send());
        }

        @Override
        public void publish(String topic, String payload, int qos, boolean retain) throws Exception {
            await(client.publishWith().topic(topic).payload(utf8(payload)).qos(MqttQos.fromCode(qos)).retain(retain)
                    .send());
        }

        @Override
        public void disconnect() throws Exception {
            await(client.disconnect());
        }

        @Override
        public boolean isConnected() {
            return client.getState().isConnected();
        }

        @Override
        protected void closeQuietly() {
            if (client.getState().isConnectedOrReconnect()) {
                client.disconnect().handle((v, e) -> null).join();
            }
        }
    }
}
