package dev.estuary.adapter.lorawan.http;

import dev.estuary.adapter.lorawan.LorawanMetrics;
import dev.estuary.adapter.lorawan.config.HttpListenerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener network servers post to (ChirpStack's HTTP integration, TTS webhooks). Pipeline: HTTP codec,
 * keep-alive, idle timeout, aggregator (bounded body; larger ones get 413), then one thin handler.
 */
public final class HttpIntegrationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpIntegrationServer.class);

    private final HttpListenerConfig config;
    private final EventLoopGroup group;
    private final HttpIntegrationHandler handler;
    private Channel channel;

    public HttpIntegrationServer(HttpListenerConfig config, Map<String, HttpRoute> routes, EventLoopGroup group,
                                 LorawanMetrics metrics) {
        this.config = config;
        this.group = group;
        this.handler = new HttpIntegrationHandler(Map.copyOf(routes), metrics);
    }

    /** Binds; returns the bound port. */
    public int start() throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, 120, TimeUnit.SECONDS) {
                            @Override
                            protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx,
                                                       io.netty.handler.timeout.IdleStateEvent evt) {
                                ctx.close();
                            }
                        });
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        ch.pipeline().addLast("keepalive", new HttpServerKeepAliveHandler());
                        ch.pipeline().addLast("aggregator", new HttpObjectAggregator(config.maxBodyBytes()));
                        ch.pipeline().addLast("integration", handler);
                    }
                });
        channel = b.bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
        int port = port();
        LOG.info("LoRaWAN HTTP integration endpoint listening on {}:{}", config.bind(), port);
        return port;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
