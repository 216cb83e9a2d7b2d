package dev.estuary.adapter.mqtt.transport;

import dev.estuary.adapter.mqtt.ChannelAttributes;
import dev.estuary.adapter.mqtt.ListenerStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of Netty's {@code HAProxyMessageDecoder} on a PROXY protocol listener and checks the first 12
 * bytes: when they can start neither a v1 ({@code "PROXY "}) nor a v2 header (the binary signature), the peer
 * is not the load balancer (or the load balancer does not send the header), so the connection is closed at once
 * with one log line. Without it the decoder would take an MQTT CONNECT for an unfinished v1 line and wait for
 * the idle timeout. Leaves the pipeline once the header is recognised.
 */
public final class ProxyProtocolGuard extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolGuard.class);
    private final String listener;
    private final ListenerStats stats;

    public ProxyProtocolGuard(String listener, ListenerStats stats) {
        this.listener = listener;
        this.stats = stats;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (HAProxyMessageDecoder.detectProtocol(in).state()) {
            case NEEDS_MORE_DATA:
                return;
            case INVALID:
                stats.proxyProtocolError();
                LOG.info("listener {} expects a PROXY protocol header first, but {} sent none: closing (is the load "
                                + "balancer's PROXY protocol on? direct clients need a listener without "
                                + "listeners.{}.proxy_protocol)", listener, ChannelAttributes.peer(ctx.channel()),
                        listener);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            default:
                out.add(in.readRetainedSlice(in.readableBytes()));
                ctx.pipeline().remove(this);
        }
    }
}
