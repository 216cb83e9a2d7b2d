package dev.estuary.core.testing;

import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.session.ClientInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A {@link BrokerEvents} listener that records the events tests look at. */
public final class RecordingEvents implements BrokerEvents {
    /** One dropped message. */
    public record Drop(String clientId, Message message, DropReason reason) {
    }

    public final List<Drop> drops = Collections.synchronizedList(new ArrayList<>());
    public final List<Message> published = Collections.synchronizedList(new ArrayList<>());
    public final List<String> terminated = Collections.synchronizedList(new ArrayList<>());
    public final List<String> connected = Collections.synchronizedList(new ArrayList<>());
    public final List<Disconnect> disconnected = Collections.synchronizedList(new ArrayList<>());
    public final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    public final List<Message> acked = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        connected.add(client.clientId() + (sessionPresent ? " resumed" : " new"));
    }

    @Override
    public void clientDisconnected(ClientInfo client, Disconnect disconnect) {
        disconnected.add(disconnect);
    }

    @Override
    public void connectRefused(ClientInfo client, int reasonCode, String detail) {
        refused.add(client.clientId() + ":" + reasonCode);
    }

    @Override
    public void sessionTerminated(String clientId) {
        terminated.add(clientId);
    }

    @Override
    public void messagePublished(ClientInfo publisher, Message message) {
        published.add(message);
    }

    @Override
    public void messageAcked(ClientInfo subscriber, Message message) {
        acked.add(message);
    }

    @Override
    public void messageDropped(String clientId, Message message, DropReason reason) {
        drops.add(new Drop(clientId, message, reason));
    }

    public List<DropReason> dropReasons() {
        synchronized (drops) {
            return drops.stream().map(Drop::reason).toList();
        }
    }
}
