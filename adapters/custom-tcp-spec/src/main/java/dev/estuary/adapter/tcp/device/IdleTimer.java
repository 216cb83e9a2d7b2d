package dev.estuary.adapter.tcp.device;

import io.netty.channel.Channel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires when no complete frame has arrived for a while (hello timeout, keep-alive, vendor idle timeout). Counts
 * frames, not bytes, so trickled bytes do not keep a connection alive. {@link #touch()} is cheap (no
 * rescheduling): the one scheduled check re-arms itself for the remaining time. While the channel is not reading
 * because the broker is busy (back-pressure) the clock is held, since the device's frames may be waiting in the
 * socket; not while it is not reading because the device does not read what we write (that is the device's fault,
 * and holding the clock would let such a device keep its connection forever). Event loop only.
 */
public final class IdleTimer {
    private final Channel channel;
    private final Runnable onExpiry;
    private long timeoutNanos;
    private long lastActivity;
    private ScheduledFuture<?> check;

    public IdleTimer(Channel channel, Runnable onExpiry) {
        this.channel = channel;
        this.onExpiry = onExpiry;
    }

    /** (Re)starts with a new timeout, counted from now. */
    public void start(long timeoutMillis) {
        stop();
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.lastActivity = System.nanoTime();
        schedule(timeoutNanos);
    }

    /** A complete frame arrived. */
    public void touch() {
        lastActivity = System.nanoTime();
    }

    public void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(long delayNanos) {
        check = channel.eventLoop().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        check = null;
        if (!channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (!channel.config().isAutoRead() && channel.isWritable()) {
            lastActivity = now; // we stopped reading for the broker's sake, not because the device does not read
        }
        long idle = now - lastActivity;
        if (idle >= timeoutNanos) {
            onExpiry.run();
        } else {
            schedule(timeoutNanos - idle);
        }
    }
}
