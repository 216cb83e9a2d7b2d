package dev.estuary.adapter.tcp;

import dev.estuary.adapter.tcp.codec.FrameDecoder;
import dev.estuary.adapter.tcp.codec.FrameEncoder;
import dev.estuary.adapter.tcp.codec.FrameHeader;
import dev.estuary.adapter.tcp.handler.ConnectionRegistry;
import dev.estuary.adapter.tcp.handler.SpecChannelHandler;
import dev.estuary.adapter.tcp.handler.SpecServices;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;

/**
 * The pipeline of a spec connection, in order: TLS (on the TLS listener), flush consolidation, the frame decoder
 * (limited to the pre-HELLO maximum body until HELLO is accepted), the frame encoder, the connection handler.
 */
final class SpecChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final SpecServices services;
    private final SslContext ssl;
    private final ConnectionRegistry registry;

    SpecChannelInitializer(SpecServices services, SslContext ssl, ConnectionRegistry registry) {
        this.services = services;
        this.ssl = ssl;
        this.registry = registry;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            p.addLast(ChannelHandlerNames.TLS, ssl.newHandler(ch.alloc()));
        }
        p.addLast(ChannelHandlerNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true));
        FrameDecoder decoder = new FrameDecoder(FrameHeader.PRE_HELLO_MAX_BODY,
                services.config().frameTimeout().toMillis());
        FrameEncoder encoder = new FrameEncoder();
        p.addLast(ChannelHandlerNames.DECODER, decoder);
        p.addLast(ChannelHandlerNames.ENCODER, encoder);
        p.addLast(ChannelHandlerNames.CONNECTION, new SpecChannelHandler(services, decoder, encoder, registry));
    }
}
