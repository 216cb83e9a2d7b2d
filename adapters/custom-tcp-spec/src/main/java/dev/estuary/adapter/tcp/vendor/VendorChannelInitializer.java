package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.ChannelHandlerNames;
import dev.estuary.adapter.tcp.sdk.VendorCodec;
import dev.estuary.adapter.tcp.sdk.VendorProtocol;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Set;

/**
 * The pipeline of a vendor connection: TLS (when the listener has it), flush consolidation, the vendor's codec
 * behind {@link VendorFrameDecoder}, the connection handler. Encoding happens in the connection (the vendor's
 * codec returns bytes).
 */
final class VendorChannelInitializer<M> extends ChannelInitializer<SocketChannel> {
    private final VendorServices services;
    private final VendorProtocol<M> protocol;
    private final SslContext ssl;
    private final Set<VendorConnection<?>> open;

    VendorChannelInitializer(VendorServices services, VendorProtocol<M> protocol, SslContext ssl,
                             Set<VendorConnection<?>> open) {
        this.services = services;
        this.protocol = protocol;
        this.ssl = ssl;
        this.open = open;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        VendorCodec<M> codec;
        try {
            codec = protocol.newCodec();
        } catch (RuntimeException | LinkageError e) {
            services.bug("newCodec", e, String.valueOf(ch.remoteAddress()));
            ch.close();
            return;
        }
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            p.addLast(ChannelHandlerNames.TLS, ssl.newHandler(ch.alloc()));
        }
        p.addLast(ChannelHandlerNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true));
        p.addLast(ChannelHandlerNames.DECODER, new VendorFrameDecoder<>(codec, protocol.maxFrameLength(),
                services.config.frameTimeout().toMillis()));
        p.addLast(ChannelHandlerNames.CONNECTION, new VendorChannelHandler<>(new VendorConnection<>(ch, services,
                codec), open));
    }
}
