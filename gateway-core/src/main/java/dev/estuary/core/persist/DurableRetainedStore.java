package dev.estuary.core.persist;

import dev.estuary.core.message.Message;
import dev.estuary.core.retain.RetainedStore;
import java.util.function.Consumer;

/**
 * A {@link RetainedStore} that records every change with a {@link DurableStore}, around the in-memory store that
 * answers the reads. A change and its record are made under one lock per topic stripe, so the order of records
 * for one topic is the order of the changes. {@code $SYS/...} topics are the broker's own live statistics,
 * published again after a restart, and are not recorded. Expired messages are dropped from disk when a snapshot
 * is written and at recovery.
 */
public final class DurableRetainedStore implements RetainedStore {
    private static final int STRIPES = 64;

    private final RetainedStore delegate;
    private final DurableStore store;
    private final Object[] stripes = new Object[STRIPES];

    DurableRetainedStore(RetainedStore delegate, DurableStore store) {
        this.delegate = delegate;
        this.store = store;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    private Object stripe(String topic) {
        return stripes[Math.floorMod(topic.hashCode(), STRIPES)];
    }

    private static boolean recorded(String topic) {
        return !topic.startsWith("$SYS/");
    }

    @Override
    public void put(Message message) {
        String topic = message.topic();
        if (!recorded(topic)) {
            delegate.put(message);
            return;
        }
        synchronized (stripe(topic)) {
            delegate.put(message);
            if (message.payload().length == 0) {
                store.retainedCleared(topic);
            } else {
                store.retainedSet(message);
            }
        }
    }

    @Override
    public boolean remove(String topic) {
        if (!recorded(topic)) {
            return delegate.remove(topic);
        }
        synchronized (stripe(topic)) {
            boolean removed = delegate.remove(topic);
            if (removed) {
                store.retainedCleared(topic);
            }
            return removed;
        }
    }

    /** A message recovered from disk: into memory only. */
    void load(Message message) {
        delegate.put(message);
    }

    @Override
    public Message get(String topic) {
        return delegate.get(topic);
    }

    @Override
    public void match(String filter, long nowMillis, Consumer<Message> out) {
        delegate.match(filter, nowMillis, out);
    }

    @Override
    public void forEach(Consumer<Message> out) {
        delegate.forEach(out);
    }

    @Override
    public int size() {
        return delegate.size();
    }
}
