package dev.estuary.adapter.mqtt.handler;

import dev.estuary.adapter.mqtt.MqttServerContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The thin Netty handler: it only turns channel events into calls on the {@link MqttConnection} it creates, and
 * releases every message it received, in {@code finally}.
 */
public final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {
    private final MqttServerContext server;
    private final PacketHandlers handlers;
    private MqttConnection connection;

    public MqttConnectionHandler(MqttServerContext server, PacketHandlers handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection = new MqttConnection(ctx, server, handlers);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.channelActive();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.readStarted();
        try {
            if (msg instanceof MqttMessage) {
                connection.packetReceived((MqttMessage) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.readCompleted();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.channelInactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            connection.keepAliveExpired();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.exceptionCaught(cause);
    }

    /** The connection object (tests). */
    public MqttConnection connection() {
        return connection;
    }
}
