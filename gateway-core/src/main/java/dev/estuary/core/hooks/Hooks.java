package dev.estuary.core.hooks;

import dev.estuary.core.message.Message;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's hook points. Registered {@link BrokerEvents} listeners are kept in a copy-on-write array; when none
 * is registered every call returns after one length check, so the hot path pays nothing. A listener that throws
 * is logged and skipped; it never breaks the broker thread that called it.
 */
public final class Hooks implements BrokerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);
    private volatile BrokerEvents[] listeners = new BrokerEvents[0];

    /** Adds a listener; returns a handle that removes it. */
    public synchronized AutoCloseable register(BrokerEvents listener) {
        BrokerEvents[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[next.length - 1] = listener;
        listeners = next;
        return () -> unregister(listener);
    }

    public synchronized void unregister(BrokerEvents listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(BrokerEvents[]::new);
    }

    /** True when at least one listener is registered. */
    public boolean active() {
        return listeners.length != 0;
    }

    private void each(Consumer<BrokerEvents> call) {
        for (BrokerEvents l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("broker event listener {} failed", l.getClass().getName(), e);
            }
        }
    }

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        if (listeners.length != 0) {
            each(l -> l.clientConnected(client, sessionPresent));
        }
    }

    @Override
    public void clientDisconnected(ClientInfo client, Disconnect disconnect) {
        if (listeners.length != 0) {
            each(l -> l.clientDisconnected(client, disconnect));
        }
    }

    @Override
    public void connectRefused(ClientInfo client, int reasonCode, String detail) {
        if (listeners.length != 0) {
            each(l -> l.connectRefused(client, reasonCode, detail));
        }
    }

    @Override
    public void sessionSubscribed(ClientInfo client, String topic, SubscriptionOptions options) {
        if (listeners.length != 0) {
            each(l -> l.sessionSubscribed(client, topic, options));
        }
    }

    @Override
    public void sessionUnsubscribed(ClientInfo client, String topic) {
        if (listeners.length != 0) {
            each(l -> l.sessionUnsubscribed(client, topic));
        }
    }

    @Override
    public void sessionTerminated(String clientId) {
        if (listeners.length != 0) {
            each(l -> l.sessionTerminated(clientId));
        }
    }

    @Override
    public void messagePublished(ClientInfo publisher, Message message) {
        if (listeners.length != 0) {
            each(l -> l.messagePublished(publisher, message));
        }
    }

    @Override
    public void messageDelivered(ClientInfo subscriber, Message message, int qos) {
        if (listeners.length != 0) {
            each(l -> l.messageDelivered(subscriber, message, qos));
        }
    }

    @Override
    public void messageAcked(ClientInfo subscriber, Message message) {
        if (listeners.length != 0) {
            each(l -> l.messageAcked(subscriber, message));
        }
    }

    @Override
    public void messageDropped(String clientId, Message message, DropReason reason) {
        if (listeners.length != 0) {
            each(l -> l.messageDropped(clientId, message, reason));
        }
    }
}
