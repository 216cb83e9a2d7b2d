package dev.estuary.adapter.mqtt.limits;

import dev.estuary.core.limits.TokenBucket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code listeners.<name>.messages_rate}: lets a client's PUBLISH packets through at most at the rate (a token
 * bucket of one second's worth, at least one message). A PUBLISH over the rate is held back, with everything the
 * client sends after it (so order is kept), and reading from the client stops until the held packets have been
 * let through: the client is slowed down by TCP back-pressure and nothing is dropped. What is held is at most one
 * socket read. One per connection, confined to its event loop.
 */
public final class PublishRateLimiter extends ChannelInboundHandlerAdapter {
    private final TokenBucket bucket;
    private final ReadThrottle throttle;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ScheduledFuture<?> timer;

    public PublishRateLimiter(double messagesPerSecond, ReadThrottle throttle) {
        this.bucket = new TokenBucket(messagesPerSecond, Math.max(1, messagesPerSecond), System.nanoTime());
        this.throttle = throttle;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!held.isEmpty()) {
            held.add(msg);
            return;
        }
        if (msg instanceof MqttPublishMessage && !bucket.tryTake(1, System.nanoTime())) {
            held.add(msg);
            throttle.hold();
            schedule(ctx);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void schedule(ChannelHandlerContext ctx) {
        long wait = Math.max(1, bucket.nanosUntil(1, System.nanoTime()));
        timer = ctx.executor().schedule(() -> release(ctx), wait, TimeUnit.NANOSECONDS);
    }

    private void release(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        Object m;
        while ((m = held.peek()) != null) {
            if (m instanceof MqttPublishMessage && !bucket.tryTake(1, System.nanoTime())) {
                ctx.fireChannelReadComplete(); // flush the acknowledgements of what was let through
                schedule(ctx);
                return;
            }
            held.poll();
            ctx.fireChannelRead(m);
        }
        ctx.fireChannelReadComplete();
        throttle.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discard();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discard();
    }

    private void discard() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        Object m;
        while ((m = held.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
