package dev.estuary.management;

import dev.estuary.core.StartupException;
import dev.estuary.core.config.ManagementConfig;
import dev.estuary.core.internal.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API's HTTP server ({@code management.bind}, 127.0.0.1:18083 by default): one event loop of its
 * own for the sockets and a small executor for the requests, so that neither the broker's event loops nor its
 * clients wait for management work.
 */
public final class ManagementServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final ManagementConfig config;
    private final ManagementApi api;
    private final EventLoopGroup group;
    private final ExecutorService executor;
    private final Transports transports;
    private Channel channel;

    public ManagementServer(ManagementConfig config, ManagementApi api, Transports transports) {
        this.config = config;
        this.api = api;
        this.group = transports.newGroup(1, "estuary-mgmt-io");
        AtomicInteger seq = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "estuary-mgmt-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.transports = transports;
    }

    /**
     * Binds {@code management.bind}.
     *
     * @throws StartupException when the address cannot be bound
     */
    public void start() {
        HttpApiHandler handler = new HttpApiHandler(api, executor);
        int maxBody = config.maxBodySize().asInt();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(transports.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(60))
                                .addLast(new HttpServerCodec())
                                .addLast(new JsonBodyAggregator(maxBody))
                                .addLast(handler);
                    }
                });
        InetSocketAddress address = config.address();
        try {
            channel = b.bind(address).sync().channel();
        } catch (Exception e) {
            close();
            throw new StartupException("management API cannot bind " + address.getHostString() + ":"
                    + address.getPort() + ": " + (e.getMessage() != null && e.getMessage().contains("in use")
                    ? "address already in use; change management.bind or set management.enabled: false"
                    : e.getMessage()), e);
        }
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        if (bound.getAddress().isLoopbackAddress()) {
            LOG.info("management API on http://{}:{}/api/v1 (this host only)", bound.getHostString(), bound.getPort());
        } else {
            LOG.warn("management API on {} is reachable from the network; every request needs an API key or a "
                    + "superuser's credentials, sent in clear text: put TLS in front of it (a reverse proxy) or "
                    + "bind it to 127.0.0.1", bound);
        }
    }

    /** The bound port (useful with port 0), or -1 before start. */
    public int port() {
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public ManagementApi api() {
        return api;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        executor.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
