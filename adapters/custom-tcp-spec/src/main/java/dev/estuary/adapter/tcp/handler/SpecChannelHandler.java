package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.codec.DecodeFailure;
import dev.estuary.adapter.tcp.codec.Frame;
import dev.estuary.adapter.tcp.codec.FrameDecoder;
import dev.estuary.adapter.tcp.codec.FrameEncoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a spec connection's pipeline: translates Netty events into calls on its
 * {@link DeviceConnection}, checking for a decode failure before anything else. One per channel.
 */
public final class SpecChannelHandler extends ChannelInboundHandlerAdapter {
    private final SpecServices services;
    private final FrameDecoder decoder;
    private final FrameEncoder encoder;
    private final ConnectionRegistry registry;
    private DeviceConnection connection;

    public SpecChannelHandler(SpecServices services, FrameDecoder decoder, FrameEncoder encoder,
                              ConnectionRegistry registry) {
        this.services = services;
        this.decoder = decoder;
        this.encoder = encoder;
        this.registry = registry;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connection = new DeviceConnection(ctx.channel(), services, decoder, encoder);
        registry.add(connection);
        connection.active();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DecodeFailure failure) {
            connection.decodeFailed(failure);
        } else if (msg instanceof Frame frame) {
            connection.frame(frame);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            connection.inactive();
            registry.remove(connection);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            connection.writabilityChanged();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connection != null) {
            connection.exception(cause);
        } else {
            ctx.close();
        }
    }
}
