package dev.estuary.adapter.coap.handler;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests being processed at once ({@code adapters.coap.max_pending_requests}); past the bound a
 * request is answered 5.03 with Max-Age (when to retry) instead of queueing without limit.
 */
public final class RequestGate {
    private final AtomicInteger pending = new AtomicInteger();
    private final int max;

    public RequestGate(int max) {
        this.max = max;
    }

    /** Enters the gate; false (and nothing held) when it is full. */
    public boolean tryEnter() {
        if (pending.incrementAndGet() > max) {
            pending.decrementAndGet();
            return false;
        }
        return true;
    }

    public void exit() {
        pending.decrementAndGet();
    }

    public int pending() {
        return pending.get();
    }
}
