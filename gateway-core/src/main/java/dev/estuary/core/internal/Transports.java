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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport in use: native epoll when available, Java NIO otherwise, or the one
 * {@code node.native_transport} names (io_uring only when asked for). One choice per process, so event loops and
 * channels always match.
 *
 * <p>io_uring is opt-in: it submits a whole event-loop turn's reads and writes in one system call, which measured
 * faster for some round-trip-bound loads (100 QoS 1 publishers with one message in flight each) and slower for
 * others (shared subscriptions, connection storms); {@code docs/benchmarks.md} has the figures.
 */
public final class Transports {
    /** The kinds of transport, by the name {@code node.native_transport} and the logs use. */
    private enum Kind { NIO, EPOLL, IO_URING }

    private final Kind kind;

    private Transports(Kind kind) {
        this.kind = kind;
    }

    /**
     * Picks the transport for {@code node.native_transport}: {@code auto} (epoll, else NIO),
     * {@code io_uring}, {@code epoll} (or {@code true}) or {@code nio} (or {@code false}).
     *
     * @throws StartupException when epoll or io_uring is asked for and not available
     */
    public static Transports select(String nativeTransport) {
        switch (nativeTransport) {
            case "false":
                return new Transports(Kind.NIO);
            case "true":
                if (!Epoll.isAvailable()) {
                    throw unavailable("true", "epoll", Epoll.unavailabilityCause());
                }
                return new Transports(Kind.EPOLL);
            case "io_uring":
                if (!IoUring.isAvailable()) {
                    throw unavailable("io_uring", "io_uring", IoUring.unavailabilityCause());
                }
                return new Transports(Kind.IO_URING);
            case "epoll":
                return select("true");
            case "nio":
                return new Transports(Kind.NIO);
            default:
                return new Transports(Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO);
        }
    }

    private static StartupException unavailable(String setting, String what, Throwable why) {
        return new StartupException("node.native_transport is " + setting + " but " + what + " is not available ("
                + (why == null ? "unknown reason" : why.getMessage()) + "): set it to auto or false", why);
    }

    public boolean isEpoll() {
        return kind == Kind.EPOLL;
    }

    public String name() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = switch (kind) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return switch (kind) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (kind) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return switch (kind) {
            case EPOLL -> EpollDatagramChannel.class;
            case IO_URING -> IoUringDatagramChannel.class;
            case NIO -> NioDatagramChannel.class;
        };
    }
}
