package dev.estuary.adapter.mqtt;

import dev.estuary.adapter.mqtt.limits.AcceptRateLimiter;
import dev.estuary.adapter.mqtt.transport.TlsContextFactory;
import dev.estuary.core.Broker;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.StartupException;
import dev.estuary.core.config.ConfigException;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.config.ListenerConfig;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.internal.Transports;
import dev.estuary.core.trace.TraceManager;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT listeners: TCP, WebSocket, TLS and secure WebSocket, as configured. Connections run on the broker's
 * event loops (which are also its session lanes); a small separate group accepts.
 */
public final class MqttServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttServer.class);

    private final Broker broker;
    private final EstuaryConfig config;
    private final Transports transports;
    private final EventLoopGroup workers;
    private final EventLoopGroup boss;
    private final ChannelGroup channels = new DefaultChannelGroup("mqtt", GlobalEventExecutor.INSTANCE);
    private final Map<ListenerKind, Channel> serverChannels = new EnumMap<>(ListenerKind.class);
    private final Map<ListenerKind, ListenerStats> stats = new EnumMap<>(ListenerKind.class);
    private volatile TraceManager traces;

    public MqttServer(Broker broker, EstuaryConfig config, Transports transports, EventLoopGroup workers) {
        this.broker = broker;
        this.config = config;
        this.transports = transports;
        this.workers = workers;
        this.boss = transports.newGroup(1, "estuary-accept");
        for (ListenerKind k : ListenerKind.values()) {
            stats.put(k, new ListenerStats());
        }
    }

    /** Reports every packet to {@code traces} (set before {@link #start()}; null: no packet tracing). */
    public void packetTrace(TraceManager traces) {
        this.traces = traces;
    }

    /**
     * Binds every enabled listener.
     *
     * @throws StartupException naming the listener and the cause (port in use, bad certificate)
     */
    public void start() {
        SslContext ssl = null;
        boolean tlsWanted = config.listeners().ssl().enabled() || config.listeners().wss().enabled();
        if (tlsWanted && config.tls().configured()) {
            try {
                ssl = TlsContextFactory.serverContext(config.tls());
            } catch (ConfigException e) {
                throw new StartupException("TLS listeners cannot start: " + e.getMessage(), e);
            }
        }
        try {
            bind(ListenerKind.TCP, config.listeners().tcp(), null);
            bind(ListenerKind.WS, config.listeners().ws(), null);
            if (ssl != null) {
                bind(ListenerKind.SSL, config.listeners().ssl(), ssl);
                bind(ListenerKind.WSS, config.listeners().wss(), ssl);
            } else if (tlsWanted) {
                LOG.info("TLS listeners (ssl, wss) not started: set tls.certfile and tls.keyfile to enable them");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void bind(ListenerKind kind, ListenerConfig listener, SslContext ssl) {
        if (!listener.enabled()) {
            return;
        }
        MqttServerContext ctx = new MqttServerContext(broker, config.mqtt(), config.tls(), kind, stats.get(kind),
                channels, listener.maxConnections(), config.auth());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new MqttChannelInitializer(ctx, listener, ssl, traces));
        if (listener.maxConnRate() > 0) {
            // one accept per read, so that pausing takes effect after each connection rather than after a batch
            b.option(ChannelOption.RECVBUF_ALLOCATOR, new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(1));
            b.handler(new AcceptRateLimiter(listener.maxConnRate(), stats.get(kind)));
        }
        InetSocketAddress address = listener.address();
        try {
            Channel ch = b.bind(address).sync().channel();
            serverChannels.put(kind, ch);
            LOG.info("MQTT listener {} on {}{} ({}{})", kind.label(), ch.localAddress(),
                    kind.websocket() ? " path " + listener.path() : "", transports.name(),
                    listener.proxyProtocol() ? ", PROXY protocol" : "");
        } catch (Exception e) {
            throw new StartupException("listener " + kind.label() + " cannot bind " + address.getHostString() + ":"
                    + address.getPort() + ": " + bindProblem(e, kind), e);
        }
    }

    /** What went wrong in words and what to change (NIO reports a BindException, epoll an errno text). */
    private static String bindProblem(Exception e, ListenerKind kind) {
        String m = String.valueOf(e.getMessage());
        String key = "listeners." + kind.label() + ".bind";
        if (m.contains("Address already in use")) {
            return "address already in use: another program listens there; stop it or change " + key;
        }
        if (m.contains("Cannot assign requested address")) {
            return "this host has no such address; change " + key;
        }
        if (m.contains("Permission denied")) {
            return "permission denied (ports below 1024 need privileges); change " + key;
        }
        return e instanceof BindException ? "address in use or not available; change " + key : m;
    }

    /** The port a listener is bound to (useful with port 0), or -1 when it is not running. */
    public int port(ListenerKind kind) {
        Channel ch = serverChannels.get(kind);
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    public ListenerStats stats(ListenerKind kind) {
        return stats.get(kind);
    }

    /** The configuration of a listener. */
    public ListenerConfig listenerConfig(ListenerKind kind) {
        switch (kind) {
            case TCP: return config.listeners().tcp();
            case WS: return config.listeners().ws();
            case SSL: return config.listeners().ssl();
            default: return config.listeners().wss();
        }
    }

    public boolean isRunning(ListenerKind kind) {
        return serverChannels.containsKey(kind);
    }

    /** Number of open MQTT connections (all listeners). */
    public int connections() {
        return channels.size();
    }

    /**
     * Graceful stop: stop accepting, send DISCONNECT 0x8B (server shutting down) to MQTT 5 clients, close the
     * rest, and wait up to {@code timeout} for the sockets to close.
     */
    public void stop(Duration timeout) {
        for (Channel ch : serverChannels.values()) {
            ch.close().awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        serverChannels.clear();
        broker.sessions().disconnectAll(Disconnect.of(DisconnectReason.SERVER_SHUTDOWN,
                ReasonCodes.SERVER_SHUTTING_DOWN, "server shutting down"));
        if (!channels.isEmpty()) {
            channels.newCloseFuture().awaitUninterruptibly(Math.min(timeout.toMillis(), 2000));
            channels.close().awaitUninterruptibly(timeout.toMillis());
        }
        boss.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
