package dev.estuary.adapter.lwm2m.device;

import dev.estuary.core.spi.DeviceSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.leshan.server.registration.Registration;

/**
 * One LwM2M endpoint as the gateway tracks it: its device session, its current registration and the commands
 * waiting for it to wake up (queue mode). The queue is guarded by this object's monitor; the rest is volatile.
 */
public final class Endpoint {
    private final String name;
    private volatile DeviceSession session;
    private volatile Registration registration;
    private final ArrayDeque<PendingCommand> queue = new ArrayDeque<>();
    private final Map<String, String> emqxObserveIds = new ConcurrentHashMap<>();
    private final AtomicLong notifySeq = new AtomicLong();
    private final AtomicInteger admissions = new AtomicInteger();

    Endpoint(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public DeviceSession session() {
        return session;
    }

    void session(DeviceSession s) {
        this.session = s;
    }

    /** The current registration, or null before the first or after the last. */
    public Registration registration() {
        return registration;
    }

    void registration(Registration r) {
        this.registration = r;
    }

    /** A registration of this endpoint is being admitted (its new device session is opening). */
    void admissionStarted() {
        admissions.incrementAndGet();
    }

    void admissionEnded() {
        admissions.decrementAndGet();
    }

    /** True while a new device session is opening: the current one closing is its takeover, not an eviction. */
    boolean admitting() {
        return admissions.get() > 0;
    }

    /** EMQX mode: the {@code reqID} of the observe command per observed path, echoed in notifications. */
    public Map<String, String> emqxObserveIds() {
        return emqxObserveIds;
    }

    /** EMQX mode: the next notification sequence number. */
    public long nextNotifySeq() {
        return notifySeq.incrementAndGet();
    }

    /** Queues a command; false when the queue is full. */
    synchronized boolean enqueue(PendingCommand p, int max) {
        if (queue.size() >= max) {
            return false;
        }
        queue.addLast(p);
        return true;
    }

    synchronized void requeueFirst(PendingCommand p) {
        queue.addFirst(p);
    }

    synchronized PendingCommand poll() {
        return queue.pollFirst();
    }

    synchronized boolean remove(PendingCommand p) {
        return queue.remove(p);
    }

    synchronized List<PendingCommand> drain() {
        List<PendingCommand> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    public synchronized int queued() {
        return queue.size();
    }

    @Override
    public String toString() {
        return "endpoint " + name;
    }
}
