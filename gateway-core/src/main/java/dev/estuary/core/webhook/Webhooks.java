package dev.estuary.core.webhook;

import dev.estuary.core.config.WebhookEndpointConfig;
import dev.estuary.core.config.WebhooksConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Webhooks: a broker event listener that hands {@code client.connected}, {@code client.disconnected},
 * {@code session.subscribed}, {@code message.publish}, {@code message.delivered} and {@code message.dropped} to
 * every receiver that wants them ({@link WebhookEndpoint}). On the broker's thread it only checks which receivers
 * want the event and queues a small record; the JSON body is built and sent on webhook threads.
 */
public final class Webhooks implements BrokerEvents, AutoCloseable {
    private final List<WebhookEndpoint> endpoints = new ArrayList<>();
    private final String node;
    private final Clock clock;
    private final ExecutorService httpThreads;
    private final ScheduledThreadPoolExecutor retryTimer;
    private final boolean[] wanted = new boolean[WebhookEndpointConfig.EVENTS.size()];

    public Webhooks(WebhooksConfig config, String node, Clock clock) {
        this.node = node;
        this.clock = clock;
        AtomicInteger seq = new AtomicInteger();
        this.httpThreads = Executors.newCachedThreadPool(r -> daemon(r, "estuary-webhook-http-"
                + seq.incrementAndGet()));
        this.retryTimer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "estuary-webhook-retry"));
        this.retryTimer.setRemoveOnCancelPolicy(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.timeout()).executor(httpThreads)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        int i = 0;
        for (WebhookEndpointConfig c : config.endpoints()) {
            endpoints.add(new WebhookEndpoint(c, config, http, retryTimer, ++i));
            for (String e : c.events()) {
                wanted[WebhookEndpointConfig.EVENTS.indexOf(e)] = true;
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts the senders. */
    public void start() {
        endpoints.forEach(WebhookEndpoint::start);
    }

    /** Whether any receiver is configured (the gateway registers the listener only then). */
    public boolean configured() {
        return !endpoints.isEmpty();
    }

    private boolean wanted(int event) {
        return wanted[event];
    }

    private void dispatch(String name, String topic, Supplier<java.util.Map<String, Object>> body) {
        WebhookEvent event = null;
        for (WebhookEndpoint e : endpoints) {
            if (e.wants(name) && (topic == null || e.wantsTopic(topic))) {
                if (event == null) {
                    event = new WebhookEvent(name, topic, body);
                }
                e.offer(event);
            }
        }
    }

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        if (wanted(0)) {
            long ts = clock.millis();
            dispatch("client.connected", null, () -> WebhookBodies.connected(node, client, sessionPresent, ts));
        }
    }

    @Override
    public void clientDisconnected(ClientInfo client, Disconnect disconnect) {
        if (wanted(1)) {
            long ts = clock.millis();
            dispatch("client.disconnected", null, () -> WebhookBodies.disconnected(node, client, disconnect, ts));
        }
    }

    @Override
    public void sessionSubscribed(ClientInfo client, String topic, SubscriptionOptions options) {
        if (wanted(2)) {
            long ts = clock.millis();
            dispatch("session.subscribed", null, () -> WebhookBodies.subscribed(node, client, topic, options, ts));
        }
    }

    @Override
    public void messagePublished(ClientInfo publisher, Message message) {
        if (wanted(3)) {
            long ts = clock.millis();
            dispatch("message.publish", message.topic(), () -> WebhookBodies.published(node, publisher, message, ts));
        }
    }

    @Override
    public void messageDelivered(ClientInfo subscriber, Message message, int qos) {
        if (wanted(4)) {
            long ts = clock.millis();
            dispatch("message.delivered", message.topic(),
                    () -> WebhookBodies.delivered(node, subscriber, message, qos, ts));
        }
    }

    @Override
    public void messageDropped(String clientId, Message message, DropReason reason) {
        if (wanted(5)) {
            long ts = clock.millis();
            dispatch("message.dropped", message.topic(),
                    () -> WebhookBodies.dropped(node, clientId, message, reason, ts));
        }
    }

    /** Counters per receiver, in configuration order. */
    public List<WebhookStats> stats() {
        return endpoints.stream().map(WebhookEndpoint::stats).toList();
    }

    @Override
    public void close() {
        endpoints.forEach(WebhookEndpoint::close);
        retryTimer.shutdownNow();
        httpThreads.shutdownNow();
        try {
            httpThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
