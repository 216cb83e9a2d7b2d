package dev.estuary.adapter.tcp.handler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open spec connections of a listener, so that stopping the adapter can say GOODBYE to each. */
public final class ConnectionRegistry {
    private final Set<DeviceConnection> open = ConcurrentHashMap.newKeySet();

    void add(DeviceConnection c) {
        open.add(c);
    }

    void remove(DeviceConnection c) {
        open.remove(c);
    }

    /** Sends GOODBYE (SHUTDOWN) to every device and closes. */
    public void shutdownAll() {
        for (DeviceConnection c : open) {
            c.shutdown();
        }
    }

    public int size() {
        return open.size();
    }
}
