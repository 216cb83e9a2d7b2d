package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.device.EventLoops;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
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

    /**
     * Sends GOODBYE (SHUTDOWN) to every device and closes, waiting (at most 2 s) until the frames are written: the
     * event loops close every channel as soon as they shut down, tasks or not.
     */
    public void shutdownAll() {
        List<Future<?>> written = new ArrayList<>();
        for (DeviceConnection c : open) {
            written.add(c.shutdown());
        }
        EventLoops.awaitAll(written, 2000);
    }

    public int size() {
        return open.size();
    }
}
