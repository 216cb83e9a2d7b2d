package dev.estuary.adapter.mqtt.limits;

import dev.estuary.adapter.mqtt.ListenerStats;
import dev.estuary.core.limits.TokenBucket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * {@code listeners.<name>.max_conn_rate}: a handler on the listener's server channel that takes one token per
 * accepted connection and, when the bucket runs dry, stops accepting (auto-read off) until it has refilled. New
 * clients then wait in the kernel's accept backlog instead of being refused. One instance per listener, confined
 * to the accepting event loop.
 */
public final class AcceptRateLimiter extends ChannelInboundHandlerAdapter {
    private final TokenBucket bucket;
    private final ListenerStats stats;

    public AcceptRateLimiter(double connectionsPerSecond, ListenerStats stats) {
        this.bucket = new TokenBucket(connectionsPerSecond, Math.max(1, connectionsPerSecond), System.nanoTime());
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object child) {
        long wait = bucket.take(1, System.nanoTime());
        ctx.fireChannelRead(child);
        if (wait > 0 && ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            stats.acceptPaused();
            ctx.executor().schedule(() -> {
                ctx.channel().config().setAutoRead(true);
            }, wait, TimeUnit.NANOSECONDS);
        }
    }
}
