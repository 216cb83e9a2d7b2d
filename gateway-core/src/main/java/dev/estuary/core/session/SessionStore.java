package dev.estuary.core.session;

import dev.estuary.core.routing.Delivery;
import dev.estuary.core.routing.Subscription;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Where sessions report the changes that must survive a restart. A session whose expiry is above zero is
 * <em>durable</em>: it gets a store key from {@link #newKey()} and reports, from its lane and in order, every
 * change to its subscriptions, will, expiry, outbound QoS 1/2 messages (queued, sent with a packet id, released,
 * completed, removed) and inbound QoS 2 state. Implementations only record the events (they must not block); an
 * implementation that writes them does so on its own thread.
 *
 * <p>{@link #NONE} does nothing and is the default, so sessions of a broker without persistence pay one branch.
 * Keys identify session incarnations, not client ids: a clean start replacing a session gets a new key while the
 * old one is still ending.
 */
public interface SessionStore {
    /** The store that stores nothing. */
    SessionStore NONE = new SessionStore() {
    };

    /** Whether this store records anything; when false sessions skip every other call. */
    default boolean enabled() {
        return false;
    }

    /** A new key for a session that became durable (never 0). */
    default long newKey() {
        return 0;
    }

    /**
     * A durable session was created or resumed by a connection: its identity, expiry and will (null for none).
     * A key seen for the first time starts an empty session.
     */
    default void opened(long key, ClientInfo client, long expirySeconds, Will will) {
    }

    /** The session expiry interval changed (MQTT 5 DISCONNECT). */
    default void expiryChanged(long key, long expirySeconds) {
    }

    /** The will was published or cancelled. */
    default void willCleared(long key) {
    }

    /** The connection ended at {@code atMillis}; the expiry and will delay run from then. */
    default void disconnected(long key, long atMillis) {
    }

    /** The session ended: forget it and everything it held. */
    default void terminated(long key) {
    }

    /** A subscription was added or replaced; {@code topic} is the filter as the client sent it. */
    default void subscribed(long key, String topic, Subscription subscription) {
    }

    default void unsubscribed(long key, String topic) {
    }

    /** A QoS 1/2 delivery was handed to the session (any thread; see {@link #routed}). */
    default void enqueued(long key, Delivery delivery) {
    }

    /**
     * Every delivery of one publish, as one atomic unit together with the publisher's inbound QoS 2 state: the
     * publisher's key and packet id, or 0 when the publish was not QoS 2 or the publisher is not durable. Called
     * on the publisher's lane before any of the deliveries reaches its session.
     *
     * @param keys       store keys of the receiving sessions, parallel to {@code deliveries}
     */
    default void routed(long publisherKey, int packetId, long[] keys, List<Delivery> deliveries) {
    }

    /** A queued delivery was sent with {@code packetId} and awaits PUBACK/PUBREC. */
    default void sent(long key, Delivery delivery, int packetId) {
    }

    /** PUBREC arrived for an outbound QoS 2 message: it is released (PUBREL sent), awaiting PUBCOMP. */
    default void released(long key, int packetId) {
    }

    /** PUBACK or PUBCOMP (or a PUBREC with an error): the outbound flow of {@code packetId} is over. */
    default void completed(long key, int packetId) {
    }

    /** A delivery left the session without completing (dropped, expired, handed to another group member). */
    default void removed(long key, Delivery delivery) {
    }

    /** PUBREL for an inbound QoS 2 message arrived: {@code packetId} is free again. */
    default void relReceived(long key, int packetId) {
    }

    /**
     * Runs {@code ack} once everything the calling thread reported so far is durable under the store's sync
     * policy: at once (on the calling thread) unless the policy waits for the disk, else later through
     * {@code executor}. Used to hold back PUBACK/PUBREC until the message is on disk.
     */
    default void afterDurable(Executor executor, Runnable ack) {
        ack.run();
    }

    /** Whether acknowledgements may wait for the disk ({@link #afterDurable} not always immediate). */
    default boolean defersAcks() {
        return false;
    }

    /**
     * Whether publishers may go on: false when more changes wait for the disk than the store buffers. Then
     * {@code resume} runs (on the store's thread) once it has caught up, and the caller stops reading from the
     * publisher until then.
     */
    default boolean admit(Runnable resume) {
        return true;
    }
}
