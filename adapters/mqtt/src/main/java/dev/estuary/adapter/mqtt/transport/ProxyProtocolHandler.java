package dev.estuary.adapter.mqtt.transport;

import dev.estuary.adapter.mqtt.ChannelAttributes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the PROXY protocol (v1 or v2) header decoded by Netty's {@code HAProxyMessageDecoder}, records the real
 * client address for logs, ACLs and limits, and leaves the pipeline. A LOCAL command (health checks) keeps the
 * socket address.
 */
public final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolHandler.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage) {
            HAProxyMessage proxy = (HAProxyMessage) msg;
            try {
                if (proxy.command() == HAProxyCommand.PROXY && proxy.sourceAddress() != null) {
                    InetSocketAddress real = new InetSocketAddress(proxy.sourceAddress(), proxy.sourcePort());
                    ctx.channel().attr(ChannelAttributes.PROXIED_ADDRESS).set(real);
                    LOG.debug("PROXY protocol: {} is really {}", ctx.channel().remoteAddress(), real);
                }
            } finally {
                proxy.release();
            }
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
