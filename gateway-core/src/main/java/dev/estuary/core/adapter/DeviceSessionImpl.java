package dev.estuary.core.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.internal.Json;
import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.message.UserProperty;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.routing.Topics;
import dev.estuary.core.session.ClientConnection;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Lane;
import dev.estuary.core.session.OutboundPublish;
import dev.estuary.core.session.Session;
import dev.estuary.core.session.SubscribeRequest;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceMessageHandler;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.PublishResult;
import dev.estuary.core.spi.TopicModel;
import dev.estuary.core.spi.Uplink;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A device behind an adapter, as the broker sees it: the network side ({@link ClientConnection}) of a core
 * {@link Session}, and the adapter's handle ({@link DeviceSession}). Calls from adapter threads hop onto the
 * session's lane; messages for the device leave the lane for the adapter's per-device callback executor, and are
 * acknowledged to the session when the handler returns.
 */
final class DeviceSessionImpl implements DeviceSession, ClientConnection {
    /** Subscription identifier of the device's own down topics. */
    static final int DOWNLINK_SUBSCRIPTION = 1;
    private static final int MAX_PENDING_CALLBACKS = 1000;
    private static final int MAX_WAITING_FOR_HANDLER = 100;

    private final AdapterRuntime runtime;
    private final String adapterId;
    private final String kind;
    private final String deviceId;
    private final String clientId;
    private final Lane lane;
    private final SerialExecutor callbacks;
    private final ClientInfo info;
    private final TopicModel topics;
    private final String downTopic;

    private volatile Session session;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean open;
    private volatile DeviceMessageHandler downlinkHandler;
    private final ArrayDeque<DeviceMessage> waitingForHandler = new ArrayDeque<>();
    private final ConcurrentHashMap<Integer, DeviceMessageHandler> subscriptionHandlers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> subscriptionIds = new ConcurrentHashMap<>();
    private final AtomicInteger nextSubscriptionId = new AtomicInteger(DOWNLINK_SUBSCRIPTION);
    private final AtomicInteger pendingCallbacks = new AtomicInteger();
    private final CopyOnWriteArrayList<Consumer<String>> closedListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Object> statusDetails = new LinkedHashMap<>();
    private final long since;
    private volatile boolean backPressured;

    DeviceSessionImpl(AdapterRuntime runtime, String adapterId, String kind, String deviceId, ClientInfo info,
                      Map<String, Object> details) {
        this.runtime = runtime;
        this.adapterId = adapterId;
        this.kind = kind;
        this.deviceId = deviceId;
        this.clientId = info.clientId();
        this.info = info;
        this.lane = runtime.broker().lanes().laneFor(clientId);
        this.callbacks = new SerialExecutor(runtime::callback);
        this.topics = runtime.topics();
        this.downTopic = topics.down(kind, deviceId, null);
        this.statusDetails.putAll(details);
        this.since = runtime.broker().clock().millis();
    }

    /** Called on the lane once the broker accepted the connect. */
    void attached(Session s) {
        this.session = s;
        this.open = true;
        s.startDelivery(this);
        // "down/#" also matches "down" itself (MQTT 5.0 §4.7.1.2)
        List<Integer> codes = s.subscribe(this, List.of(new SubscribeRequest(downTopic + "/#",
                new SubscriptionOptions(2, false, false, RetainHandling.SEND))), DOWNLINK_SUBSCRIPTION);
        for (int c : codes) {
            if (ReasonCodes.isError(c)) {
                runtime.log().warn("device {} of adapter {} may not receive its downlinks on {}: {}", deviceId,
                        adapterId, downTopic, ReasonCodes.describe(c));
                break;
            }
        }
        publishStatus(true, null);
        event("connected", Map.of());
    }

    // ------------------------------------------------------------------ DeviceSession

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public boolean isOpen() {
        return open && !closed.get();
    }

    @Override
    public CompletionStage<PublishResult> uplink(Uplink uplink) {
        return publish(topics.up(kind, deviceId, uplink.channel()), uplink);
    }

    @Override
    public CompletionStage<PublishResult> publish(String topic, Uplink u) {
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        try {
            Topics.checkName(topic, runtime.broker().config().topicLimits());
        } catch (InvalidTopicException e) {
            return complete(result, new PublishResult(PublishResult.Status.REJECTED, e.getMessage()));
        }
        long max = runtime.broker().config().maxPacketSize().bytes();
        if (u.payload().length > max) {
            return complete(result, new PublishResult(PublishResult.Status.REJECTED,
                    "payload of " + u.payload().length + " bytes exceeds mqtt.max_packet_size " + max));
        }
        long now = runtime.broker().clock().millis();
        Message m = Message.builder(topic).payload(u.payload()).qos(u.qos()).retain(u.retain())
                .properties(properties(u)).publisherId(clientId).createdAtMillis(now)
                .expiresAtMillis(u.messageExpirySeconds() >= 0 ? now + 1000 * u.messageExpirySeconds() : 0)
                .build();
        lane.execute(() -> {
            Session s = session;
            // open, not isOpen(): close() sets its flag at once but detaches on the lane, behind this task, so an
            // uplink handed over before close() (a reading right before the device's goodbye) is still published
            if (!open || s == null) {
                complete(result, new PublishResult(PublishResult.Status.REJECTED, "device session closed"));
                return;
            }
            int rc = s.publish(this, m);
            PublishResult r;
            switch (rc) {
                case ReasonCodes.SUCCESS:
                    r = new PublishResult(PublishResult.Status.DELIVERED, null);
                    break;
                case ReasonCodes.NO_MATCHING_SUBSCRIBERS:
                    r = new PublishResult(PublishResult.Status.NO_SUBSCRIBERS, null);
                    break;
                case ReasonCodes.NOT_AUTHORIZED:
                    r = new PublishResult(PublishResult.Status.NOT_AUTHORIZED, "not authorized to publish to "
                            + topic);
                    break;
                default:
                    r = new PublishResult(PublishResult.Status.REJECTED, "device session closed");
            }
            complete(result, r);
        });
        return result;
    }

    private static MessageProperties properties(Uplink u) {
        if (u.contentType() == null && u.userProperties().isEmpty() && u.responseTopic() == null
                && u.correlationData() == null) {
            return MessageProperties.NONE;
        }
        List<UserProperty> ups = new ArrayList<>(u.userProperties().size());
        for (Map.Entry<String, String> e : u.userProperties()) {
            ups.add(new UserProperty(e.getKey(), e.getValue()));
        }
        return new MessageProperties(false, u.contentType(), u.responseTopic(), u.correlationData(), ups);
    }

    /** Completes on the callback pool, never on a broker thread, so adapter continuations cannot block a lane. */
    private <T> CompletableFuture<T> complete(CompletableFuture<T> f, T value) {
        runtime.callback(() -> f.complete(value));
        return f;
    }

    private <T> void fail(CompletableFuture<T> f, Throwable t) {
        runtime.callback(() -> f.completeExceptionally(t));
    }

    @Override
    public void onDownlink(DeviceMessageHandler handler) {
        List<DeviceMessage> backlog;
        synchronized (waitingForHandler) {
            downlinkHandler = handler;
            backlog = new ArrayList<>(waitingForHandler);
            waitingForHandler.clear();
        }
        for (DeviceMessage m : backlog) {
            dispatch(handler, m, null);
        }
    }

    @Override
    public CompletionStage<Integer> subscribe(String filter, int qos, DeviceMessageHandler handler) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        int id = nextSubscriptionId.incrementAndGet();
        lane.execute(() -> {
            Session s = session;
            if (!isOpen() || s == null) {
                fail(result, new IllegalStateException("device session closed"));
                return;
            }
            subscriptionHandlers.put(id, handler);
            Integer previous = subscriptionIds.put(filter, id);
            List<Integer> codes = s.subscribe(this, List.of(new SubscribeRequest(filter,
                    new SubscriptionOptions(qos, false, false, RetainHandling.SEND))), id);
            int code = codes.isEmpty() ? ReasonCodes.UNSPECIFIED_ERROR : codes.get(0);
            if (ReasonCodes.isError(code)) {
                subscriptionHandlers.remove(id);
                if (previous != null) {
                    subscriptionIds.put(filter, previous);
                } else {
                    subscriptionIds.remove(filter);
                }
                fail(result, code == ReasonCodes.NOT_AUTHORIZED
                        ? new SecurityException("not authorized to subscribe to " + filter)
                        : new IllegalArgumentException("cannot subscribe to '" + filter + "': "
                                + ReasonCodes.describe(code)));
                return;
            }
            if (previous != null) {
                subscriptionHandlers.remove(previous);
            }
            complete(result, code);
        });
        return result;
    }

    @Override
    public CompletionStage<Boolean> unsubscribe(String filter) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        lane.execute(() -> {
            Session s = session;
            Integer id = subscriptionIds.remove(filter);
            if (id == null || s == null || !isOpen()) {
                complete(result, false);
                return;
            }
            List<Integer> codes = s.unsubscribe(this, List.of(filter));
            subscriptionHandlers.remove(id);
            complete(result, !codes.isEmpty() && codes.get(0) == ReasonCodes.SUCCESS);
        });
        return result;
    }

    @Override
    public CompletionStage<Optional<DeviceMessage>> retained(String topic) {
        CompletableFuture<Optional<DeviceMessage>> result = new CompletableFuture<>();
        lane.execute(() -> {
            Session s = session;
            if (!isOpen() || s == null) {
                fail(result, new IllegalStateException("device session closed"));
                return;
            }
            try {
                Message m = s.retained(this, topic);
                complete(result, Optional.ofNullable(m == null ? null : toDeviceMessage(m, m.qos(), true)));
            } catch (RuntimeException e) {
                fail(result, e);
            }
        });
        return result;
    }

    @Override
    public void status(Map<String, Object> details) {
        lane.execute(() -> {
            statusDetails.putAll(details);
            if (isOpen()) {
                publishStatus(true, null);
            }
        });
    }

    @Override
    public void event(String name, Map<String, Object> body) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("event", name);
        doc.put("adapter", kind);
        doc.put("deviceId", deviceId);
        doc.put("clientId", clientId);
        doc.put("timestamp", Instant.ofEpochMilli(runtime.broker().clock().millis()).toString());
        doc.putAll(body);
        runtime.systemPublish(topics.event(kind, deviceId, name), Json.bytes(doc), 1, false, null);
    }

    @Override
    public CompletionStage<PublishResult> reply(DeviceMessage request, byte[] payload, String contentType) {
        String topic = request.responseTopic() != null ? request.responseTopic() : topics.reply(kind, deviceId);
        int n = runtime.systemPublish(topic, payload, 1, false,
                new MessageProperties(false, contentType, null, request.correlationData(), List.of()));
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        return complete(f, new PublishResult(n > 0 ? PublishResult.Status.DELIVERED
                : PublishResult.Status.NO_SUBSCRIBERS, null));
    }

    @Override
    public void onClosed(Consumer<String> listener) {
        closedListeners.add(listener);
        if (closed.get()) {
            runtime.callback(() -> listener.accept("closed"));
        }
    }

    @Override
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lane.execute(() -> {
            Session s = session;
            open = false;
            if (s != null) {
                s.detach(this, new Disconnect(DisconnectReason.ADAPTER_CLOSED, -1, reason, false));
            }
            ended(reason, true);
        });
    }

    private void ended(String reason, boolean publishOffline) {
        if (publishOffline) {
            publishStatus(false, reason);
        }
        event("disconnected", Map.of("reason", reason == null ? "" : reason));
        runtime.deviceClosed(this);
        for (Consumer<String> l : closedListeners) {
            runtime.callback(() -> {
                try {
                    l.accept(reason);
                } catch (RuntimeException e) {
                    runtime.adapterError(adapterId, "device close listener", e);
                }
            });
        }
    }

    private void publishStatus(boolean online, String reason) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", online ? "online" : "offline");
        doc.put("since", Instant.ofEpochMilli(online ? since : runtime.broker().clock().millis()).toString());
        doc.put("adapter", kind);
        doc.put("deviceId", deviceId);
        doc.put("clientId", clientId);
        doc.put("protocol", info.protocol());
        if (info.remoteAddress() != null) {
            doc.put("address", info.ip() + ":" + info.remoteAddress().getPort());
        }
        if (reason != null) {
            doc.put("reason", reason);
        }
        if (!statusDetails.isEmpty()) {
            doc.put("details", new LinkedHashMap<>(statusDetails));
        }
        runtime.systemPublish(topics.status(kind, deviceId), Json.bytes(doc), 1, true,
                new MessageProperties(false, "application/json", null, null, List.of()));
    }

    // ------------------------------------------------------------------ ClientConnection (called on the lane)

    @Override
    public Lane lane() {
        return lane;
    }

    @Override
    public boolean sendPublish(OutboundPublish p) {
        DeviceMessage msg = toDeviceMessage(p.message(), p.qos(), p.retain());
        int[] ids = java.util.Arrays.stream(p.subscriptionIds()).distinct().toArray();
        Runnable ack = ackFor(p);
        if (ids.length == 0) {
            deliverDownlink(msg, ack);
            return true;
        }
        int remaining = ids.length;
        for (int id : ids) {
            Runnable last = --remaining == 0 ? ack : null;
            if (id == DOWNLINK_SUBSCRIPTION) {
                deliverDownlink(msg, last);
            } else {
                DeviceMessageHandler h = subscriptionHandlers.get(id);
                if (h != null) {
                    dispatch(h, msg, last);
                } else if (last != null) {
                    last.run();
                }
            }
        }
        return true;
    }

    private Runnable ackFor(OutboundPublish p) {
        if (p.qos() == 0) {
            return null;
        }
        int pid = p.packetId();
        return () -> lane.execute(() -> {
            Session s = session;
            if (s == null) {
                return;
            }
            if (p.qos() == 1) {
                s.onPuback(this, pid);
            } else {
                s.onPubrec(this, pid, ReasonCodes.SUCCESS);
            }
        });
    }

    private void deliverDownlink(DeviceMessage msg, Runnable ack) {
        DeviceMessageHandler h;
        synchronized (waitingForHandler) {
            h = downlinkHandler;
            if (h == null) {
                if (waitingForHandler.size() >= MAX_WAITING_FOR_HANDLER) {
                    runtime.log().warn("device {} of adapter {} has no downlink handler: dropping a downlink on {}",
                            deviceId, adapterId, msg.topic());
                } else {
                    waitingForHandler.add(msg);
                }
            }
        }
        if (h != null) {
            dispatch(h, msg, ack);
        } else if (ack != null) {
            ack.run();
        }
    }

    private void dispatch(DeviceMessageHandler handler, DeviceMessage msg, Runnable ack) {
        if (pendingCallbacks.incrementAndGet() >= MAX_PENDING_CALLBACKS) {
            backPressured = true;
        }
        callbacks.execute(() -> {
            try {
                handler.onMessage(this, msg);
            } catch (Throwable t) {
                runtime.adapterError(adapterId, "message handler", t);
            } finally {
                if (ack != null) {
                    ack.run();
                }
                if (pendingCallbacks.decrementAndGet() < MAX_PENDING_CALLBACKS / 2 && backPressured) {
                    backPressured = false;
                    lane.execute(() -> {
                        Session s = session;
                        if (s != null) {
                            s.onWritable(this);
                        }
                    });
                }
            }
        });
    }

    private DeviceMessage toDeviceMessage(Message m, int qos, boolean retained) {
        String channel = null;
        String topic = m.topic();
        if (topic.startsWith(downTopic + "/")) {
            channel = topic.substring(downTopic.length() + 1);
        }
        MessageProperties mp = m.properties();
        List<Map.Entry<String, String>> ups = new ArrayList<>(mp.userProperties().size());
        for (UserProperty u : mp.userProperties()) {
            ups.add(Map.entry(u.name(), u.value()));
        }
        String requestId = null;
        JsonNode obj = Json.objectOrNull(m.payload());
        if (obj != null && obj.hasNonNull("id") && obj.get("id").isValueNode()) {
            requestId = obj.get("id").asText();
        }
        return new DeviceMessage(topic, channel, m.payload(), qos, retained, mp.contentType(), List.copyOf(ups),
                mp.responseTopic(), mp.correlationData(), requestId, m.publisherId());
    }

    @Override
    public void sendPubrel(int packetId) {
        lane.execute(() -> {
            Session s = session;
            if (s != null) {
                s.onPubcomp(this, packetId);
            }
        });
    }

    @Override
    public boolean isWritable() {
        return !backPressured;
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    @Override
    public void close(Disconnect disconnect) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        open = false;
        String reason = disconnect.detail() != null ? disconnect.detail() : disconnect.reason().label();
        ended(reason, disconnect.reason() != DisconnectReason.TAKEOVER);
    }

    @Override
    public String toString() {
        return "DeviceSession[" + clientId + "]";
    }
}
