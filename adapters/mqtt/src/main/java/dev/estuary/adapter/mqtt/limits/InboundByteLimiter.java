package dev.estuary.adapter.mqtt.limits;

import dev.estuary.core.limits.TokenBucket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code listeners.<name>.bytes_rate}: counts the bytes a client sends (as they come off the socket) against a
 * token bucket of one second's worth, and stops reading from it until the bucket is out of debt. What was read is
 * passed on: over time the client gets the rate, and at most one socket read ahead of it. One per connection.
 */
public final class InboundByteLimiter extends ChannelInboundHandlerAdapter {
    private final TokenBucket bucket;
    private final ReadThrottle throttle;
    private ScheduledFuture<?> resume;

    public InboundByteLimiter(long bytesPerSecond, ReadThrottle throttle) {
        this.bucket = new TokenBucket(bytesPerSecond, bytesPerSecond, System.nanoTime());
        this.throttle = throttle;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf) {
            long wait = bucket.take(((ByteBuf) msg).readableBytes(), System.nanoTime());
            if (wait > 0) {
                pause(ctx, wait);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void pause(ChannelHandlerContext ctx, long nanos) {
        if (resume == null) {
            throttle.hold();
        } else {
            resume.cancel(false);
        }
        resume = ctx.executor().schedule(() -> {
            resume = null;
            throttle.release();
        }, nanos, TimeUnit.NANOSECONDS);
    }
}
