package dev.estuary.adapter.lorawan.mqtt;

import dev.estuary.adapter.lorawan.config.MqttClientConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Estuary as an MQTT 5 client of one network server's broker (Eclipse Paho v5, bundled in the plugin: it has no
 * dependencies, so nothing clashes with the host's Netty). Subscribes on every (re)connect, optionally through a
 * shared subscription ({@code $share/{group}/...}), hands messages to an {@link MqttInbound}, and publishes
 * downlink commands. A failed first connect is retried with back-off; later losses reconnect automatically.
 */
public final class NetworkServerMqttClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkServerMqttClient.class);

    private final String name;
    private final MqttClientConfig config;
    private final List<String> filters;
    private final MqttInbound inbound;
    private final ScheduledExecutorService scheduler;
    private final MqttAsyncClient client;
    private volatile boolean closed;
    private volatile boolean subscribed;
    private volatile long retryMillis = 500;

    public NetworkServerMqttClient(String name, MqttClientConfig config, List<String> defaultTopics,
                                   MqttInbound inbound, ScheduledExecutorService scheduler) throws MqttException {
        this.name = name;
        this.config = config;
        List<String> topics = config.topics().isEmpty() ? defaultTopics : config.topics();
        this.filters = config.sharedGroup() == null ? topics
                : topics.stream().map(t -> "$share/" + config.sharedGroup() + "/" + t).toList();
        this.inbound = inbound;
        this.scheduler = scheduler;
        String clientId = config.clientId() != null ? config.clientId() : "estuary-lorawan-" + name;
        this.client = new MqttAsyncClient(config.server(), clientId, new MemoryPersistence());
        this.client.setCallback(new Callback());
    }

    /** Starts connecting (returns at once). */
    public void start() {
        connect();
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** True once connected and subscribed (and still connected). */
    public boolean isSubscribed() {
        return subscribed && client.isConnected();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    retryMillis = 500;
                }

                @Override
                public void onFailure(IMqttToken token, Throwable err) {
                    LOG.warn("network server {}: cannot connect to {}: {}; retrying in {} ms", name, config.server(),
                            err.toString(), retryMillis);
                    retryLater();
                }
            });
        } catch (MqttException e) {
            LOG.warn("network server {}: cannot connect to {}: {}", name, config.server(), e.toString());
            retryLater();
        }
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        long delay = retryMillis;
        retryMillis = Math.min(30_000, retryMillis * 2);
        scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private MqttConnectionOptions options() throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 30);
        o.setCleanStart(config.cleanStart());
        o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        o.setConnectionTimeout(10);
        if (!config.cleanStart()) {
            o.setSessionExpiryInterval(3600L);
        }
        if (config.username() != null) {
            o.setUserName(config.username());
        }
        if (config.password() != null) {
            o.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        }
        if (config.tls() != null) {
            try {
                o.setSocketFactory(TlsContexts.socketFactory(config.tls()));
            } catch (Exception e) {
                throw new MqttException(e);
            }
            o.setHttpsHostnameVerificationEnabled(config.tls().verifyHostname());
        }
        return o;
    }

    private void subscribe() {
        MqttSubscription[] subs = filters.stream().map(f -> new MqttSubscription(f, config.qos()))
                .toArray(MqttSubscription[]::new);
        try {
            client.subscribe(subs, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length && i < filters.size(); i++) {
                        if (codes[i] >= 0x80) {
                            LOG.warn("network server {}: subscription to {} refused (reason 0x{})", name,
                                    filters.get(i), Integer.toHexString(codes[i]));
                        }
                    }
                    LOG.info("network server {}: subscribed to {} on {}", name, filters, config.server());
                    subscribed = true;
                }

                @Override
                public void onFailure(IMqttToken token, Throwable err) {
                    LOG.warn("network server {}: subscribe failed: {}", name, err.toString());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.warn("network server {}: subscribe failed: {}", name, e.toString());
        }
    }

    /** Publishes (downlink commands); completes when the broker acknowledged it (QoS 1/2) or it was written. */
    public CompletionStage<Void> publish(String topic, byte[] payload, String contentType) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!client.isConnected()) {
            f.completeExceptionally(new IllegalStateException("not connected to " + config.server()));
            return f;
        }
        MqttMessage m = new MqttMessage(payload);
        m.setQos(config.qos());
        if (contentType != null) {
            MqttProperties p = new MqttProperties();
            p.setContentType(contentType);
            m.setProperties(p);
        }
        try {
            client.publish(topic, m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        f.completeExceptionally(new IllegalStateException("broker refused the publish to " + topic
                                + " (reason 0x" + Integer.toHexString(codes[0]) + ")"));
                    } else {
                        f.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable err) {
                    f.completeExceptionally(err);
                }
            });
        } catch (MqttException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("network server {}: disconnect: {}", name, e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("network server {}: close: {}", name, e.toString());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closed) {
                LOG.warn("network server {}: connection to {} lost: {}", name, config.server(), response);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("network server {}: MQTT error: {}", name, exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                inbound.onMessage(topic, message.getPayload());
            } catch (RuntimeException e) {
                LOG.error("network server {}: handling a message on {} failed", name, topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish outcomes are reported through the action listeners
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            subscribed = false;
            LOG.info("network server {}: {} {}", name, reconnect ? "reconnected to" : "connected to", serverURI);
            subscribe();
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
