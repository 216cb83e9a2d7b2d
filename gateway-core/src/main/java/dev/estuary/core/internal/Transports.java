package dev.estuary.core.internal;

import dev.estuary.core.StartupException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport in use: native epoll when available (and not turned off), NIO otherwise. One choice per
 * process, so event loops and channels always match.
 */
public final class Transports {
    private final boolean epoll;

    private Transports(boolean epoll) {
        this.epoll = epoll;
    }

    /**
     * Picks the transport for {@code node.native_transport}: {@code auto}, {@code true} or {@code false}.
     *
     * @throws StartupException when {@code true} is asked for and epoll is not available
     */
    public static Transports select(String nativeTransport) {
        switch (nativeTransport) {
            case "false":
                return new Transports(false);
            case "true":
                if (!Epoll.isAvailable()) {
                    Throwable why = Epoll.unavailabilityCause();
                    throw new StartupException("node.native_transport is true but epoll is not available ("
                            + (why == null ? "unknown reason" : why.getMessage()) + "): set it to auto or false",
                            why);
                }
                return new Transports(true);
            default:
                return new Transports(Epoll.isAvailable());
        }
    }

    public boolean isEpoll() {
        return epoll;
    }

    public String name() {
        return epoll ? "epoll" : "nio";
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
