package dev.estuary.adapter.tcp.codec;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The frame timeout of a decoder (spec §7.2): a frame whose first byte has arrived must be complete within the
 * timeout, so a peer that trickles bytes (slowloris) cannot hold a connection. One scheduled check per connection
 * at a time, re-armed for the remaining time. The clock is held while the channel is not reading because the broker
 * is busy (back-pressure is not the peer's fault), but not while it is not reading because the peer does not read
 * what we write. Event loop only.
 */
public final class PartialFrameTimer {
    private final long timeoutNanos;
    private boolean partial;
    private long since;
    private ScheduledFuture<?> check;

    /** @param timeoutMillis 0 for no timeout */
    public PartialFrameTimer(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Bytes of an incomplete frame are buffered; {@code onTimeout} gets the milliseconds waited. */
    public void incomplete(ChannelHandlerContext ctx, LongConsumer onTimeout) {
        if (timeoutNanos <= 0 || partial) {
            return;
        }
        partial = true;
        since = System.nanoTime();
        if (check == null) {
            schedule(ctx, onTimeout, timeoutNanos);
        }
    }

    /** A frame was completed (or the input is being discarded). */
    public void complete() {
        partial = false;
    }

    public void cancel() {
        partial = false;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, LongConsumer onTimeout, long delay) {
        check = ctx.executor().schedule(() -> check(ctx, onTimeout), delay, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx, LongConsumer onTimeout) {
        check = null;
        if (!partial || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (!ctx.channel().config().isAutoRead() && ctx.channel().isWritable()) {
            since = now; // not reading for the broker's sake: the rest of the frame may be waiting in the socket
        }
        long waited = now - since;
        if (waited >= timeoutNanos) {
            partial = false;
            onTimeout.accept(TimeUnit.NANOSECONDS.toMillis(waited));
        } else {
            schedule(ctx, onTimeout, timeoutNanos - waited);
        }
    }
}
