package dev.estuary.adapter.mqtt.transport;

import dev.estuary.core.metrics.BrokerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes that cross the socket, both ways, into the broker metrics. Shared by all channels. */
@ChannelHandler.Sharable
public final class ByteCounter extends ChannelDuplexHandler {
    private final BrokerMetrics metrics;

    public ByteCounter(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf) {
            metrics.bytesIn(((ByteBuf) msg).readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf) {
            metrics.bytesOut(((ByteBuf) msg).readableBytes());
        }
        ctx.write(msg, promise);
    }
}
