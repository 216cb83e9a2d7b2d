package dev.estuary.adapter.tcp.device;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Back-pressure for one connection (spec §6.7): the adapter stops reading from the socket while too many uplinks
 * are handed to the broker and not yet accepted, or while the socket cannot take our writes (the device does not
 * read its acknowledgements), and resumes at half the limit. TCP flow control then slows the device down.
 * {@link #started()} runs on the event loop; {@link #finished()} on any thread.
 */
public final class UplinkFlow {
    private final Channel channel;
    private final int max;
    private final AtomicInteger inflight = new AtomicInteger();
    private volatile boolean held;
    private volatile boolean detached;

    public UplinkFlow(Channel channel, int max) {
        this.channel = channel;
        this.max = max;
    }

    /** An uplink was handed to the broker. */
    public void started() {
        if (inflight.incrementAndGet() >= max) {
            update();
        }
    }

    /** The broker answered an uplink. */
    public void finished() {
        if (inflight.decrementAndGet() == max / 2) {
            EventLoops.run(channel.eventLoop(), this::update);
        }
    }

    /** Stops or resumes reading for reasons of the caller's own. Event loop only. */
    public void hold(boolean v) {
        held = v;
        update();
    }

    /**
     * Re-evaluates after a change of writability (call from channelWritabilityChanged) or of the counters: reading
     * stops at {@code max} uplinks in flight and resumes at {@code max / 2}. Event loop only.
     */
    public void update() {
        if (detached) {
            return;
        }
        int n = inflight.get();
        boolean reading = channel.config().isAutoRead();
        boolean read;
        if (held || !channel.isWritable()) {
            read = false;
        } else if (reading) {
            read = n < max;
        } else {
            read = n <= max / 2;
        }
        if (read != reading) {
            channel.config().setAutoRead(read);
        }
    }

    /** The connection is closing: reading is no longer managed here. */
    public void detach() {
        detached = true;
    }

    public int inflight() {
        return inflight.get();
    }
}
