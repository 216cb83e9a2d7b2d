package dev.estuary.adapter.mqtt.transport;

import dev.estuary.adapter.mqtt.ChannelAttributes;
import dev.estuary.adapter.mqtt.ListenerStats;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the PROXY protocol (v1 or v2) header decoded by Netty's {@code HAProxyMessageDecoder}, records the real
 * client address for logs, ACLs and limits, and leaves the pipeline. A LOCAL command (health checks) or an
 * UNKNOWN address family keeps the socket address. A malformed header closes the connection with one log line.
 */
public final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolHandler.class);
    private final String listener;
    private final ListenerStats stats;

    public ProxyProtocolHandler(String listener, ListenerStats stats) {
        this.listener = listener;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage) {
            HAProxyMessage proxy = (HAProxyMessage) msg;
            try {
                if (proxy.command() == HAProxyCommand.PROXY && proxy.sourceAddress() != null) {
                    InetSocketAddress real = new InetSocketAddress(proxy.sourceAddress(), proxy.sourcePort());
                    ctx.channel().attr(ChannelAttributes.PROXIED_ADDRESS).set(real);
                    LOG.debug("PROXY protocol {}: {} is really {}", proxy.protocolVersion(),
                            ctx.channel().remoteAddress(), real);
                }
            } finally {
                proxy.release();
            }
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException) {
            stats.proxyProtocolError();
            Throwable detail = cause;
            while (detail.getCause() != null && detail.getCause() != detail) {
                detail = detail.getCause(); // Netty wraps the useful message ("invalid IPv4 address: ...")
            }
            LOG.info("listener {}: invalid PROXY protocol header from {}: {}; closing", listener,
                    ChannelAttributes.peer(ctx.channel()), detail.getMessage());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
