package dev.estuary.core.session;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.Delivery;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.Subscriber;
import dev.estuary.core.routing.Subscription;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.routing.TopicFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's MQTT session (MQTT 5.0 §4.1): subscriptions, the outbound QoS 1/2 state and queue, the inbound QoS 2
 * state, the will and the expiry. It outlives connections; {@link SessionRegistry} attaches and detaches them.
 *
 * <p>Threading: all state is confined to the session's {@link Lane}. Deliveries from other threads go through a
 * lock-free mailbox that is drained on the lane, once per batch, followed by one flush; deliveries made on the
 * lane itself (publisher and subscriber on one event loop) skip the concurrent queue for a lane-confined one,
 * drained in the same batch. Calls from a connection
 * are made on the connection's event loop, which is the session's lane while it is attached; a call from a
 * connection that is no longer attached is ignored.
 *
 * <p>Durability: a session whose expiry is above zero reports its changes to the {@link SessionStore} (a key from
 * the store marks it durable); the deliveries of one QoS 1/2 publish reach the store as one unit through
 * {@link PublishBatch}. With {@link SessionStore#NONE} none of this runs.
 */
public final class Session implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final AtomicIntegerFieldUpdater<Session> DRAIN =
            AtomicIntegerFieldUpdater.newUpdater(Session.class, "drainScheduled");

    private final String clientId;
    private final SessionContext ctx;
    private final SessionRegistry registry;
    private final SessionStore store;
    private final boolean storeEnabled;
    private final OutboundFlow out = new OutboundFlow(this);
    private final ConcurrentLinkedQueue<Delivery> mailbox = new ConcurrentLinkedQueue<>();
    private final Runnable drainTask = this::drainMailbox;
    /** Deliveries made on the lane itself; lane-confined, created on first use. Drained after the mailbox. */
    private ArrayDeque<Delivery> local;

    private volatile Lane lane;
    private volatile ClientConnection connection;
    private volatile ClientInfo client;
    private volatile boolean terminated;
    private volatile int drainScheduled;
    /** The store key while durable, else 0. Written on the lane, read by publishers' threads. */
    private volatile long storeKey;
    /** Attached but delivery not started (CONNACK not yet written): deliveries are queued. */
    private boolean holding;

    private ClientAuthorizer acl = ClientAuthorizer.ALLOW_ALL;
    private long expirySeconds;
    private Will will;
    private ScheduledFuture<?> expiryTimer;
    private ScheduledFuture<?> willTimer;
    private Map<String, Subscription> subscriptions;
    private Set<Integer> awaitingRel;
    private long disconnectedAtMillis;

    Session(String clientId, SessionContext ctx, SessionRegistry registry, Lane lane) {
        this.clientId = clientId;
        this.ctx = ctx;
        this.registry = registry;
        this.lane = lane;
        this.store = ctx.store();
        this.storeEnabled = store.enabled();
    }

    // ---------------------------------------------------------------- identity and state

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public boolean isOnline() {
        return connection != null;
    }

    @Override
    public boolean isBridge() {
        ClientInfo c = client;
        return c != null && c.bridge();
    }

    /** The identity of the current (or last) connection. */
    public ClientInfo client() {
        return client;
    }

    public Lane lane() {
        return lane;
    }

    public boolean isTerminated() {
        return terminated;
    }

    SessionContext context() {
        return ctx;
    }

    /** Session expiry interval in seconds ({@link Long#MAX_VALUE}: never). */
    public long expirySeconds() {
        return expirySeconds;
    }

    /** Number of outbound QoS 1/2 messages awaiting acknowledgement (read on the lane for exact values). */
    public int inflightCount() {
        return out.inflightCount();
    }

    /** Number of queued messages (read on the lane for exact values). */
    public int queuedCount() {
        return out.queuedCount();
    }

    /** A snapshot of the subscriptions, keyed by the topic as subscribed. Call on the lane for exact values. */
    public Map<String, Subscription> subscriptions() {
        return subscriptions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions));
    }

    /** The key under which the session store keeps this session, or 0 when it is not durable. */
    long storeKey() {
        return storeKey;
    }

    /** When the last connection ended, or 0 while connected. */
    public long disconnectedAtMillis() {
        return disconnectedAtMillis;
    }

    /** Runs {@code task} on this session's lane, following the session if it moves to another lane. */
    public void runOnLane(Runnable task) {
        Lane l = lane;
        if (l.inLane()) {
            task.run();
        } else {
            l.execute(() -> runOnLane(task));
        }
    }

    // ---------------------------------------------------------------- delivery (any thread)

    @Override
    public void deliver(Delivery delivery) {
        deliver(delivery, false);
    }

    /**
     * {@code viaMailbox}: queue behind everything other threads have posted, even on the lane. Retained messages
     * sent for a SUBSCRIBE use it: a publish that another thread routes after the SUBACK (so after them) must not
     * overtake them by sitting in the mailbox, which is drained before the lane-local queue.
     */
    private void deliver(Delivery delivery, boolean viaMailbox) {
        if (terminated) {
            undeliverable(delivery);
            return;
        }
        if (storeEnabled) {
            PublishBatch batch = PublishBatch.current();
            if (batch != null) {
                batch.add(this, delivery); // recorded with the rest of the publish, then posted
                return;
            }
            long key = storeKey;
            if (key != 0 && delivery.qos() > 0) {
                store.enqueued(key, delivery);
            }
        }
        post(delivery, viaMailbox);
    }

    /** Queues a delivery (lane-local when called on the lane, else the mailbox) and makes sure a drain is scheduled. */
    void post(Delivery delivery) {
        post(delivery, false);
    }

    private void post(Delivery delivery, boolean viaMailbox) {
        Lane l = lane;
        if (!viaMailbox && l.inLane()) {
            // only this thread can move the session to another lane, so l stays its lane during this call
            if (local == null) {
                local = new ArrayDeque<>();
            }
            local.addLast(delivery);
        } else {
            mailbox.offer(delivery);
        }
        if (DRAIN.compareAndSet(this, 0, 1)) {
            l.execute(drainTask);
        }
    }

    private void drainMailbox() {
        Lane l = lane;
        if (!l.inLane()) {
            l.execute(drainTask);
            return;
        }
        drainScheduled = 0;
        ClientConnection conn = connection;
        long now = ctx.clock().millis();
        Delivery d;
        // the mailbox first: when the session moved to this lane, this thread's earlier deliveries are there
        while ((d = mailbox.poll()) != null) {
            take(d, conn, now);
        }
        ArrayDeque<Delivery> mine = local;
        if (mine != null) {
            while ((d = mine.pollFirst()) != null) {
                take(d, conn, now);
            }
        }
        flushIfNeeded(conn);
    }

    private void take(Delivery d, ClientConnection conn, long now) {
        if (terminated) {
            undeliverable(d);
        } else if (!acl.canReceive(d.message().topic())) {
            dropped(d, DropReason.NOT_AUTHORIZED);
        } else {
            out.enqueue(d, conn, holding, now);
        }
    }

    /** Before the session leaves this lane: the lane-confined deliveries join the mailbox, in order. */
    private void moveLocalToMailbox() {
        ArrayDeque<Delivery> mine = local;
        if (mine != null) {
            Delivery d;
            while ((d = mine.pollFirst()) != null) {
                mailbox.offer(d);
            }
            local = null;
        }
    }

    private void flushIfNeeded(ClientConnection conn) {
        if (out.takeFlushNeeded() && conn != null) {
            conn.flush();
        }
    }

    void sent(Delivery d, int packetId) {
        if (storeKey != 0 && packetId != 0) {
            store.sent(storeKey, d, packetId);
        }
        ctx.metrics().messageOut(d.qos());
        ctx.hooks().messageDelivered(client, d.message(), d.qos());
    }

    void dropped(Delivery d, DropReason reason) {
        if (storeKey != 0 && d.qos() > 0) {
            store.removed(storeKey, d);
        }
        ctx.metrics().dropped(reason);
        ctx.hooks().messageDropped(clientId, d.message(), reason);
        if (LOG.isDebugEnabled()) {
            LOG.debug("dropped {} for {}: {}", d.message(), clientId, reason.label());
        }
    }

    private void undeliverable(Delivery d) {
        if (d.sharedGroup() == null || !ctx.router().redispatch(d, this)) {
            dropped(d, DropReason.SESSION_ENDED);
        }
    }

    // ---------------------------------------------------------------- inbound from the attached connection

    private boolean attached(ClientConnection from) {
        return from != null && from == connection;
    }

    /**
     * A PUBLISH from the client, already validated by the protocol layer (topic syntax, QoS allowed, retain
     * available). Authorizes, stores retained, routes.
     *
     * @return the MQTT 5 reason code for PUBACK/PUBREC: 0x00, 0x10 no matching subscribers, 0x87 not authorized,
     *         0x93 receive maximum exceeded (the caller disconnects), or -1 when {@code from} is not attached
     */
    public int onPublish(ClientConnection from, Message message, int packetId) {
        if (!attached(from)) {
            return -1;
        }
        if (message.qos() == 2) {
            if (awaitingRel != null && awaitingRel.contains(packetId)) {
                return ReasonCodes.SUCCESS; // a resent QoS 2 PUBLISH: acknowledged again, not routed again
            }
            if (awaitingRel != null && awaitingRel.size() >= ctx.config().maxAwaitingRel()) {
                return ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED;
            }
        }
        if (!acl.canPublish(message.topic())) {
            ctx.metrics().dropped(DropReason.NOT_AUTHORIZED);
            ctx.hooks().messageDropped(null, message, DropReason.NOT_AUTHORIZED);
            return ReasonCodes.NOT_AUTHORIZED;
        }
        int routed = publishRecorded(message, message.qos() == 2 ? packetId : 0);
        if (message.qos() == 2) {
            if (awaitingRel == null) {
                awaitingRel = new HashSet<>();
            }
            awaitingRel.add(packetId);
        }
        return routed == 0 ? ReasonCodes.NO_MATCHING_SUBSCRIBERS : ReasonCodes.SUCCESS;
    }

    /**
     * {@link #publishAccepted}, with the durable deliveries (and the inbound QoS 2 packet id, 0 for none) handed to
     * the store as one unit when there is a store and the message is QoS 1/2.
     */
    private int publishRecorded(Message message, int inboundPacketId) {
        PublishBatch batch = storeEnabled && message.qos() > 0 ? PublishBatch.open() : null;
        if (batch == null) {
            return publishAccepted(message);
        }
        try {
            return publishAccepted(message);
        } finally {
            batch.close(store, storeKey, inboundPacketId);
        }
    }

    /**
     * A publish from an attached connection without packet-id semantics (device uplinks through the adapter SPI):
     * the same authorization, retained handling and routing as {@link #onPublish}.
     *
     * @return 0x00, 0x10 no matching subscribers, 0x87 not authorized, or -1 when {@code from} is not attached
     */
    public int publish(ClientConnection from, Message message) {
        if (!attached(from)) {
            return -1;
        }
        if (!acl.canPublish(message.topic())) {
            ctx.metrics().dropped(DropReason.NOT_AUTHORIZED);
            ctx.hooks().messageDropped(null, message, DropReason.NOT_AUTHORIZED);
            return ReasonCodes.NOT_AUTHORIZED;
        }
        return publishRecorded(message, 0) == 0 ? ReasonCodes.NO_MATCHING_SUBSCRIBERS : ReasonCodes.SUCCESS;
    }

    /**
     * The retained message of {@code topic} if this client may subscribe to and receive it.
     *
     * @return the message, or null when there is none
     * @throws SecurityException when the ACL does not allow it
     */
    public Message retained(ClientConnection from, String topic) {
        if (!attached(from)) {
            throw new IllegalStateException("not attached");
        }
        if (!acl.canSubscribe(topic) || !acl.canReceive(topic)) {
            throw new SecurityException("not authorized to read " + topic);
        }
        Message m = ctx.retained().get(topic);
        return m == null || m.isExpired(ctx.clock().millis()) ? null : m;
    }

    private int publishAccepted(Message message) {
        ctx.metrics().messageIn(message.qos());
        ctx.hooks().messagePublished(client, message);
        if (message.retain()) {
            ctx.retained().put(message);
        }
        int routed = ctx.router().route(message);
        if (routed == 0) {
            ctx.metrics().dropped(DropReason.NO_SUBSCRIBERS);
            ctx.hooks().messageDropped(null, message, DropReason.NO_SUBSCRIBERS);
        }
        return routed;
    }

    /** PUBREL for an inbound QoS 2 message: 0x00, or 0x92 when the packet id is unknown (-1: not attached). */
    public int onPubrel(ClientConnection from, int packetId) {
        if (!attached(from)) {
            return -1;
        }
        if (awaitingRel == null || !awaitingRel.remove(packetId)) {
            return ReasonCodes.PACKET_IDENTIFIER_NOT_FOUND;
        }
        if (storeKey != 0) {
            store.relReceived(storeKey, packetId);
        }
        return ReasonCodes.SUCCESS;
    }

    /** Number of inbound QoS 2 messages awaiting PUBREL. */
    public int awaitingRelCount() {
        return awaitingRel == null ? 0 : awaitingRel.size();
    }

    /** PUBACK for an outbound QoS 1 message. */
    public void onPuback(ClientConnection from, int packetId) {
        if (attached(from)) {
            completed(from, out.complete(packetId), packetId);
        }
    }

    /** PUBCOMP for an outbound QoS 2 message. */
    public void onPubcomp(ClientConnection from, int packetId) {
        if (attached(from)) {
            completed(from, out.complete(packetId), packetId);
        }
    }

    private void completed(ClientConnection from, Delivery d, int packetId) {
        if (d == null) {
            LOG.debug("{} acknowledged unknown packet id {}", clientId, packetId);
            return;
        }
        if (storeKey != 0) {
            store.completed(storeKey, packetId);
        }
        ctx.hooks().messageAcked(client, d.message());
        out.drain(from, ctx.clock().millis());
        flushIfNeeded(from);
    }

    /**
     * PUBREC for an outbound QoS 2 message. Sends PUBREL (with 0x92 when the id is unknown), or ends the flow when
     * the PUBREC carries an error reason.
     *
     * @return the reason code the caller should put in PUBREL when the id was unknown, else 0x00
     */
    public int onPubrec(ClientConnection from, int packetId, int reasonCode) {
        if (!attached(from)) {
            return -1;
        }
        boolean failed = ReasonCodes.isError(reasonCode);
        OutboundFlow.Inflight e = out.received(packetId, failed);
        if (e == null) {
            return failed ? ReasonCodes.SUCCESS : ReasonCodes.PACKET_IDENTIFIER_NOT_FOUND;
        }
        if (storeKey != 0) {
            if (failed) {
                store.completed(storeKey, packetId);
            } else {
                store.released(storeKey, packetId);
            }
        }
        if (failed) {
            out.drain(from, ctx.clock().millis());
            flushIfNeeded(from);
            return ReasonCodes.SUCCESS;
        }
        from.sendPubrel(packetId);
        return ReasonCodes.SUCCESS;
    }

    /** The socket became writable again: send what was held back. */
    public void onWritable(ClientConnection from) {
        if (attached(from)) {
            out.drain(from, ctx.clock().millis());
            flushIfNeeded(from);
        }
    }

    /**
     * SUBSCRIBE: one reason code per request, in order (granted QoS 0..2 or an error code). Retained messages
     * are sent after the caller writes SUBACK.
     *
     * @param subscriptionId MQTT 5 subscription identifier, 0 when absent
     */
    public List<Integer> subscribe(ClientConnection from, List<SubscribeRequest> requests, int subscriptionId) {
        List<Integer> codes = new ArrayList<>(requests.size());
        if (!attached(from)) {
            return codes;
        }
        for (SubscribeRequest r : requests) {
            codes.add(subscribeOne(r, subscriptionId));
        }
        return codes;
    }

    private int subscribeOne(SubscribeRequest r, int subscriptionId) {
        TopicFilter tf;
        try {
            tf = TopicFilter.parse(r.topic(), ctx.limits());
        } catch (InvalidTopicException e) {
            LOG.debug("{} subscribe to invalid filter refused: {}", clientId, e.getMessage());
            return ReasonCodes.TOPIC_FILTER_INVALID;
        }
        if (tf.isShared() && !ctx.config().sharedSubscription()) {
            return ReasonCodes.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED;
        }
        if (tf.hasWildcard() && !ctx.config().wildcardSubscription()) {
            return ReasonCodes.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED;
        }
        if (!acl.canSubscribe(tf.filter())) {
            LOG.debug("{} not authorized to subscribe to {}", clientId, r.topic());
            return ReasonCodes.NOT_AUTHORIZED;
        }
        boolean existed = subscriptions != null && subscriptions.containsKey(r.topic());
        int max = ctx.config().maxSubscriptions();
        if (!existed && max > 0 && subscriptions != null && subscriptions.size() >= max) {
            return ReasonCodes.QUOTA_EXCEEDED;
        }
        int qos = Math.min(r.options().qos(), ctx.config().maxQosAllowed());
        SubscriptionOptions opts = r.options().withQos(qos);
        Subscription sub = new Subscription(this, tf.filter(), tf.group(), opts, subscriptionId);
        if (subscriptions == null) {
            subscriptions = new LinkedHashMap<>();
        }
        subscriptions.put(r.topic(), sub);
        ctx.router().index().add(sub);
        if (storeKey != 0) {
            store.subscribed(storeKey, r.topic(), sub);
        }
        ctx.hooks().sessionSubscribed(client, r.topic(), opts);
        if (!tf.isShared() && ctx.config().retainAvailable()) {
            RetainHandling rh = opts.retainHandling();
            if (rh == RetainHandling.SEND || (rh == RetainHandling.SEND_IF_NEW && !existed)) {
                sendRetained(sub);
            }
        }
        return qos;
    }

    /**
     * Subscriptions the broker makes on the client's behalf (proxy subscriptions, the management API), with the
     * same checks as a SUBSCRIBE from the client (ACL, limits, retained messages). Runs on the session's lane.
     *
     * @return one reason code per request, or an empty list when the session is not connected
     */
    public CompletableFuture<List<Integer>> subscribeOnBehalf(List<SubscribeRequest> requests) {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        lane.execute(() -> runOnLane(() -> {
            List<Integer> codes = new ArrayList<>(requests.size());
            if (connection != null && !terminated) {
                for (SubscribeRequest r : requests) {
                    codes.add(subscribeOne(r, 0));
                }
            }
            result.complete(codes);
        }));
        return result;
    }

    private void sendRetained(Subscription sub) {
        int[] ids = sub.subscriptionId() != 0 ? new int[] {sub.subscriptionId()} : null;
        ctx.retained().match(sub.topicFilter(), ctx.clock().millis(), m ->
                deliver(new Delivery(m, Math.min(m.qos(), sub.options().qos()), true, ids, null), true));
    }

    /** UNSUBSCRIBE: 0x00 or 0x11 (no subscription existed) per filter. */
    public List<Integer> unsubscribe(ClientConnection from, List<String> topics) {
        List<Integer> codes = new ArrayList<>(topics.size());
        if (!attached(from)) {
            return codes;
        }
        for (String t : topics) {
            Subscription s = subscriptions == null ? null : subscriptions.remove(t);
            if (s == null) {
                codes.add(ReasonCodes.NO_SUBSCRIPTION_EXISTED);
            } else {
                ctx.router().index().remove(this, s.topicFilter(), s.shareGroup());
                if (storeKey != 0) {
                    store.unsubscribed(storeKey, t);
                }
                ctx.hooks().sessionUnsubscribed(client, t);
                codes.add(ReasonCodes.SUCCESS);
            }
        }
        return codes;
    }

    /** The client changed its session expiry in DISCONNECT (MQTT 5.0 §3.14.2.2.2). */
    public void updateExpiry(ClientConnection from, long seconds) {
        if (attached(from)) {
            expirySeconds = registry.clampExpiry(seconds);
            if (storeKey != 0 && expirySeconds != 0) {
                store.expiryChanged(storeKey, expirySeconds);
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle (called by the registry)

    /**
     * Attaches a connection on its lane (which becomes this session's lane). Returns false, attaching nothing,
     * when the session ended before the attach ran (a newer connection with the same client id replaced it).
     */
    boolean attach(ClientConnection conn, ConnectRequest req, ClientInfo info, ClientAuthorizer authorizer,
                   boolean resumed) {
        if (terminated) {
            return false;
        }
        lane = conn.lane();
        cancelTimers();
        connection = conn;
        client = info;
        acl = authorizer;
        will = req.will();
        expirySeconds = registry.clampExpiry(req.sessionExpirySeconds());
        disconnectedAtMillis = 0;
        out.setWindow(Math.min(ctx.config().maxInflight(), req.receiveMaximum()));
        holding = true;
        if (storeEnabled) {
            recordOpened(info);
        }
        ctx.hooks().clientConnected(info, resumed);
        return true;
    }

    /** A session with an expiry is durable; one that drops its expiry to 0 leaves the store (it ends at detach). */
    private void recordOpened(ClientInfo info) {
        if (expirySeconds > 0) {
            if (storeKey == 0) {
                storeKey = store.newKey();
            }
            store.opened(storeKey, info, expirySeconds, will);
        } else if (storeKey != 0) {
            store.terminated(storeKey);
            storeKey = 0;
        }
    }

    /**
     * Starts delivery on a freshly attached connection, after the protocol layer has acknowledged the connect
     * (for MQTT: after CONNACK is written): resends unacknowledged messages with DUP, then sends what is queued.
     */
    public void startDelivery(ClientConnection from) {
        if (!attached(from) || !holding) {
            return;
        }
        holding = false;
        out.resume(from, ctx.clock().millis());
        flushIfNeeded(from);
        if ((!mailbox.isEmpty() || local != null && !local.isEmpty()) && DRAIN.compareAndSet(this, 0, 1)) {
            lane.execute(drainTask);
        }
    }

    /**
     * The connection ended. Publishes or schedules the will, hands shared-subscription messages to other group
     * members, and starts the expiry clock (or ends the session now when its expiry is 0).
     */
    public void detach(ClientConnection conn, Disconnect disconnect) {
        runOnLane(() -> detachOnLane(conn, disconnect));
    }

    private void detachOnLane(ClientConnection conn, Disconnect disconnect) {
        if (conn == null || conn != connection) {
            return;
        }
        connection = null;
        holding = false;
        ctx.metrics().connectionClosed();
        disconnectedAtMillis = ctx.clock().millis();
        if (storeKey != 0) {
            store.disconnected(storeKey, disconnectedAtMillis);
        }
        ctx.hooks().clientDisconnected(client, disconnect);
        for (Delivery d : out.removeWhere(d -> d.sharedGroup() != null)) {
            if (storeKey != 0 && d.qos() > 0) {
                store.removed(storeKey, d);
            }
            if (!ctx.router().redispatch(d, this)) {
                deliver(d); // no other member: keep it for this session
            }
        }
        if (!ctx.config().mqueue().storeQos0()) {
            for (Delivery d : out.removeQos0()) {
                dropped(d, DropReason.QOS0_OFFLINE);
            }
        }
        if (disconnect.publishWill() && will != null) {
            if (will.delaySeconds() == 0 || expirySeconds == 0) {
                publishWill();
            } else {
                long delay = Math.min(will.delaySeconds(), expirySeconds);
                willTimer = lane.schedule(this::publishWill, delay, TimeUnit.SECONDS);
            }
        } else {
            clearWill();
        }
        if (expirySeconds == 0) {
            terminate();
        } else if (expirySeconds != Long.MAX_VALUE) {
            expiryTimer = lane.schedule(this::expire, expirySeconds, TimeUnit.SECONDS);
        }
    }

    /**
     * Takes this session over for a new connection (client id takeover without clean start). Runs
     * {@code onGone} when the session had already ended (the caller starts over), {@code onSuperseded} when it
     * ended while the attach was on its way to the new lane (a newer connection replaced it).
     */
    void takeOver(ClientConnection conn, ConnectRequest req, ClientInfo info, ClientAuthorizer authorizer,
                  Runnable onAttached, Runnable onGone, Runnable onSuperseded) {
        runOnLane(() -> {
            if (terminated) {
                onGone.run();
                return;
            }
            ClientConnection old = connection;
            if (old != null) {
                Disconnect d = Disconnect.of(DisconnectReason.TAKEOVER, ReasonCodes.SESSION_TAKEN_OVER,
                        "session taken over by a new connection");
                old.close(d);
                detachOnLane(old, d);
                if (terminated) {
                    onGone.run();
                    return;
                }
            }
            // stop the expiry and will-delay timers here, on the old lane: attach cancels them too, but only
            // later on the new lane, and a timer firing in between would end the session or publish the will
            // although a new connection has already claimed it
            cancelTimers();
            Lane target = conn.lane();
            moveLocalToMailbox();
            lane = target;
            target.execute(() -> {
                if (attach(conn, req, info, authorizer, true)) {
                    onAttached.run();
                } else {
                    onSuperseded.run();
                }
            });
        });
    }

    /**
     * Replaced by a clean-start connection with the same client id: closes the old connection, ends, then runs
     * {@code then} (on this session's lane).
     */
    void replaced(Runnable then) {
        runOnLane(() -> {
            ClientConnection old = connection;
            if (old != null) {
                Disconnect d = Disconnect.of(DisconnectReason.TAKEOVER, ReasonCodes.SESSION_TAKEN_OVER,
                        "session taken over by a new connection");
                old.close(d);
                expirySeconds = 0;
                detachOnLane(old, d);
            }
            terminate();
            then.run();
        });
    }

    /** Ends the session now (operator action or shutdown), closing any connection with {@code disconnect}. */
    public void kick(Disconnect disconnect) {
        runOnLane(() -> {
            ClientConnection c = connection;
            if (c != null) {
                c.close(disconnect);
                detachOnLane(c, disconnect);
            }
        });
    }

    // ---------------------------------------------------------------- recovery (called by the registry at startup)

    /** Takes the state of a session recovered from disk; it stays offline until its client reconnects. */
    void restore(SessionImage image, ClientAuthorizer authorizer) {
        storeKey = image.key();
        client = image.client();
        acl = authorizer;
        expirySeconds = image.expirySeconds();
        will = image.will();
        disconnectedAtMillis = image.disconnectedAtMillis();
        for (SessionImage.SubscriptionImage si : image.subscriptions()) {
            TopicFilter tf;
            try {
                tf = TopicFilter.parse(si.topic(), ctx.limits());
            } catch (InvalidTopicException e) {
                LOG.warn("session {}: stored subscription to '{}' no longer valid under the current limits: {}",
                        clientId, si.topic(), e.getMessage());
                continue;
            }
            Subscription sub = new Subscription(this, tf.filter(), tf.group(), si.options(), si.subscriptionId());
            if (subscriptions == null) {
                subscriptions = new LinkedHashMap<>();
            }
            subscriptions.put(si.topic(), sub);
            ctx.router().index().add(sub);
        }
        out.restore(image.inflight(), image.queued());
        if (!image.awaitingRel().isEmpty()) {
            awaitingRel = new HashSet<>(image.awaitingRel());
        }
    }

    /**
     * Starts the will-delay and expiry clocks of a restored session from when it was disconnected; publishes the
     * will and ends the session now when they ran out while the broker was down.
     */
    void startRestoredTimers() {
        long now = ctx.clock().millis();
        long expiresAt = expirySeconds == Long.MAX_VALUE ? Long.MAX_VALUE
                : disconnectedAtMillis + Math.min(expirySeconds, Long.MAX_VALUE / 2000) * 1000;
        if (expiresAt <= now) {
            LOG.debug("session {} expired while the broker was down", clientId);
            terminate();
            return;
        }
        if (will != null) {
            long willAt = disconnectedAtMillis + Math.min(will.delaySeconds(), Long.MAX_VALUE / 2000) * 1000;
            if (willAt <= now) {
                publishWill();
            } else {
                willTimer = lane.schedule(this::publishWill, willAt - now, TimeUnit.MILLISECONDS);
            }
        }
        if (expiresAt != Long.MAX_VALUE) {
            expiryTimer = lane.schedule(this::expire, expiresAt - now, TimeUnit.MILLISECONDS);
        }
    }

    private void expire() {
        if (connection == null && !terminated) {
            LOG.debug("session {} expired", clientId);
            terminate();
        }
    }

    private void publishWill() {
        Will w = will;
        clearWill();
        willTimer = null;
        if (w == null) {
            return;
        }
        Message m = w.message();
        if (!acl.canPublish(m.topic())) {
            LOG.debug("will of {} on {} not authorized", clientId, m.topic());
            ctx.metrics().dropped(DropReason.NOT_AUTHORIZED);
            ctx.hooks().messageDropped(null, m, DropReason.NOT_AUTHORIZED);
            return;
        }
        long now = ctx.clock().millis();
        Message.Builder b = m.toBuilder().createdAtMillis(now);
        if (m.expiresAtMillis() != 0) {
            b.expiresAtMillis(now + (m.expiresAtMillis() - m.createdAtMillis()));
        }
        publishAccepted(b.build());
    }

    private void clearWill() {
        if (will != null && storeKey != 0) {
            store.willCleared(storeKey);
        }
        will = null;
    }

    /** Ends the session for good: will now, subscriptions removed, queue dropped or redispatched. */
    void terminate() {
        if (terminated) {
            return;
        }
        if (willTimer != null || will != null && connection == null) {
            publishWill();
        }
        terminated = true;
        cancelTimers();
        if (storeKey != 0) {
            store.terminated(storeKey);
            storeKey = 0;
        }
        registry.removed(this);
        if (subscriptions != null) {
            for (Subscription s : subscriptions.values()) {
                ctx.router().index().remove(this, s.topicFilter(), s.shareGroup());
            }
            subscriptions = null;
        }
        for (Delivery d : out.clear()) {
            undeliverable(d);
        }
        moveLocalToMailbox();
        Delivery d;
        while ((d = mailbox.poll()) != null) {
            undeliverable(d);
        }
        awaitingRel = null;
        ctx.hooks().sessionTerminated(clientId);
    }

    private void cancelTimers() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
        if (willTimer != null) {
            willTimer.cancel(false);
            willTimer = null;
        }
    }

    @Override
    public String toString() {
        return "Session[" + clientId + (connection != null ? ", online" : ", offline") + "]";
    }
}
