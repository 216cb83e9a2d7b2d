package dev.estuary.adapter.tcp;

import dev.estuary.adapter.tcp.vendor.VendorListeners;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** One bound TCP port (spec listener, its TLS twin, or a vendor's listener). */
final class TcpListener implements VendorListeners.Bound {
    private final String name;
    private final Channel server;

    private TcpListener(String name, Channel server) {
        this.name = name;
        this.server = server;
    }

    /**
     * Binds {@code bind:port} (0 = any free port).
     *
     * @throws IllegalStateException naming the listener and the address when the port cannot be bound
     */
    static TcpListener bind(String name, EventLoopGroup group, Class<? extends ServerSocketChannel> type,
                            String bind, int port, ChannelHandler initializer) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(initializer);
        try {
            Channel ch = b.bind(bind, port).syncUninterruptibly().channel();
            return new TcpListener(name, ch);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the " + name + " listener on " + bind + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
