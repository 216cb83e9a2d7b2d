package dev.estuary.adapter.mqtt.testing;

import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link BrokerEvents} listener that records every event as a small value record, in arrival order, so tests
 * can assert on the hooks (register it on {@code server.broker().hooks()}). Thread-safe: events arrive on the
 * broker's event loops.
 */
public final class BehaviourEventRecorder implements BrokerEvents {
    /** One recorded event. */
    public interface Event {
    }

    public record Connected(String clientId, boolean sessionPresent) implements Event {
    }

    public record Disconnected(String clientId, DisconnectReason reason, int reasonCode) implements Event {
    }

    public record Refused(String clientId, int reasonCode) implements Event {
    }

    public record Subscribed(String clientId, String topic, int qos) implements Event {
    }

    public record Unsubscribed(String clientId, String topic) implements Event {
    }

    public record Terminated(String clientId) implements Event {
    }

    /** {@code clientId} is null for messages the broker published itself. */
    public record Published(String clientId, String topic, String payload) implements Event {
    }

    public record Delivered(String clientId, String topic, String payload, int qos) implements Event {
    }

    public record Acked(String clientId, String topic, String payload) implements Event {
    }

    /** {@code clientId} is the intended receiver, or null when nobody received the message. */
    public record Dropped(String clientId, String topic, String payload, DropReason reason) implements Event {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    /** Every event so far, in order. */
    public List<Event> all() {
        return List.copyOf(events);
    }

    /** The events of one kind so far, in order. */
    public <T extends Event> List<T> of(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static String id(ClientInfo c) {
        return c == null ? null : c.clientId();
    }

    private static String text(Message m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        events.add(new Connected(id(client), sessionPresent));
    }

    @Override
    public void clientDisconnected(ClientInfo client, Disconnect disconnect) {
        events.add(new Disconnected(id(client), disconnect.reason(), disconnect.reasonCode()));
    }

    @Override
    public void connectRefused(ClientInfo client, int reasonCode, String detail) {
        events.add(new Refused(id(client), reasonCode));
    }

    @Override
    public void sessionSubscribed(ClientInfo client, String topic, SubscriptionOptions options) {
        events.add(new Subscribed(id(client), topic, options.qos()));
    }

    @Override
    public void sessionUnsubscribed(ClientInfo client, String topic) {
        events.add(new Unsubscribed(id(client), topic));
    }

    @Override
    public void sessionTerminated(String clientId) {
        events.add(new Terminated(clientId));
    }

    @Override
    public void messagePublished(ClientInfo publisher, Message message) {
        events.add(new Published(id(publisher), message.topic(), text(message)));
    }

    @Override
    public void messageDelivered(ClientInfo subscriber, Message message, int qos) {
        events.add(new Delivered(id(subscriber), message.topic(), text(message), qos));
    }

    @Override
    public void messageAcked(ClientInfo subscriber, Message message) {
        events.add(new Acked(id(subscriber), message.topic(), text(message)));
    }

    @Override
    public void messageDropped(String clientId, Message message, DropReason reason) {
        events.add(new Dropped(clientId, message.topic(), text(message), reason));
    }
}
