package dev.estuary.core.hooks;

import dev.estuary.core.message.Message;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;

/**
 * Listener for what happens inside the broker. Every method has an empty default, so a listener implements only
 * what it needs. Methods are called on the broker's threads (often a network event loop): they must return quickly
 * and never block; hand anything slow to your own executor.
 */
public interface BrokerEvents {
    /** A client (or device) connected and its session is attached. */
    default void clientConnected(ClientInfo client, boolean sessionPresent) {
    }

    /** A client's connection ended. */
    default void clientDisconnected(ClientInfo client, Disconnect disconnect) {
    }

    /** A connection attempt was refused (bad credentials, not authorized, banned, invalid). */
    default void connectRefused(ClientInfo client, int reasonCode, String detail) {
    }

    /** A subscription was made (or replaced). {@code topic} is as the client sent it, share prefix included. */
    default void sessionSubscribed(ClientInfo client, String topic, SubscriptionOptions options) {
    }

    /** A subscription was removed by UNSUBSCRIBE. */
    default void sessionUnsubscribed(ClientInfo client, String topic) {
    }

    /** A session ended for good (expired, or discarded by a clean start). */
    default void sessionTerminated(String clientId) {
    }

    /** A message was accepted for routing. {@code publisher} is null for messages the broker made itself. */
    default void messagePublished(ClientInfo publisher, Message message) {
    }

    /** A message was written to a subscriber. */
    default void messageDelivered(ClientInfo subscriber, Message message, int qos) {
    }

    /** A subscriber completed the QoS 1/2 flow for a message. */
    default void messageAcked(ClientInfo subscriber, Message message) {
    }

    /** A message was dropped; {@code clientId} is the intended receiver, or null for a publish nobody received. */
    default void messageDropped(String clientId, Message message, DropReason reason) {
    }
}
