package dev.estuary.adapter.tcp.vendor;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.Set;

/**
 * The last handler of a vendor connection's pipeline: translates Netty events into calls on its
 * {@link VendorConnection}, checking for a decode failure first. One per channel.
 */
final class VendorChannelHandler<M> extends ChannelInboundHandlerAdapter {
    private final VendorConnection<M> connection;
    private final Set<VendorConnection<?>> open;

    VendorChannelHandler(VendorConnection<M> connection, Set<VendorConnection<?>> open) {
        this.connection = connection;
        this.open = open;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        open.add(connection);
        connection.active();
        super.channelActive(ctx);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof VendorFailure failure) {
            connection.failure(failure);
        } else if (msg instanceof VendorInbound<?> inbound) {
            connection.message(((VendorInbound<M>) inbound).message());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        connection.inactive();
        open.remove(connection);
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        connection.writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.exception(cause);
    }
}
