package dev.estuary.adapter.tcp;

import dev.estuary.adapter.tcp.device.TcpMetrics;
import dev.estuary.adapter.tcp.handler.ConnectionRegistry;
import dev.estuary.adapter.tcp.handler.SpecServices;
import dev.estuary.adapter.tcp.vendor.PluginVendorSource;
import dev.estuary.adapter.tcp.vendor.VendorListeners;
import dev.estuary.adapter.tcp.vendor.VendorSource;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.ProtocolAdapter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;
import org.pf4j.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private-TCP adapter ({@code tcp}): devices speaking the framing of {@code docs/custom-tcp-spec.md} on the
 * plain port (7878) and the TLS port (7879, when a certificate is configured), and a listener per vendor protocol
 * contributed by vendor plugins through the SDK ({@link dev.estuary.adapter.tcp.sdk}). Devices appear as
 * {@code devices/tcp/{deviceId}/...} and {@code devices/tcp-{vendor}/{deviceId}/...}.
 */
@Extension
public final class TcpAdapter implements ProtocolAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TcpAdapter.class);

    private final VendorSource vendorSource;
    private EventLoopGroup group;
    private final List<TcpListener> listeners = new ArrayList<>();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private VendorListeners vendors;
    private TcpListener plain;
    private TcpListener secure;

    /** Used by PF4J: vendors come from the gateway's plugins. */
    public TcpAdapter() {
        this(pluginVendors());
    }

    /** With a given source of vendor protocols (embedding, tests). */
    public TcpAdapter(VendorSource vendorSource) {
        this.vendorSource = vendorSource;
    }

    private static VendorSource pluginVendors() {
        PluginManager m = TcpAdapterPlugin.pluginManager();
        return m == null ? VendorSource.none() : new PluginVendorSource(m);
    }

    @Override
    public String id() {
        return "tcp";
    }

    @Override
    public synchronized void start(AdapterContext context) {
        TcpConfig config = TcpConfig.from(context.config());
        SslContext ssl = config.tls().configured() ? TlsContexts.server(config.tls()) : null;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerSocketChannel> type = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("estuary-tcp", true), io);
        try {
            TcpMetrics metrics = new TcpMetrics(context.metrics(), "");
            if (config.enabled()) {
                plain = bind("spec", type, config, config.port(), new SpecChannelInitializer(
                        new SpecServices(config, context, metrics, false), null, connections));
                LOG.info("tcp adapter listening on {}:{} (spec framing v1)", config.bind(), plain.port());
            }
            if (ssl != null) {
                secure = bind("spec TLS", type, config, config.tls().port(), new SpecChannelInitializer(
                        new SpecServices(config, context, metrics, true), ssl, connections));
                LOG.info("tcp adapter listening on {}:{} (spec framing v1 over TLS)", config.bind(), secure.port());
            }
            vendors = new VendorListeners(config, context, ssl, (name, port, init) -> bind(name, type, config, port,
                    init));
            vendorSource.watch(vendors);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private TcpListener bind(String name, Class<? extends ServerSocketChannel> type, TcpConfig config, int port,
                             ChannelHandler init) {
        TcpListener l = TcpListener.bind(name, group, type, config.bind(), port, init);
        synchronized (listeners) {
            listeners.add(l);
        }
        return l;
    }

    @Override
    public synchronized void stop() {
        vendorSource.unwatch();
        if (vendors != null) {
            vendors.closeAll();
            vendors = null;
        }
        connections.shutdownAll();
        synchronized (listeners) {
            listeners.forEach(TcpListener::close);
            listeners.clear();
        }
        plain = null;
        secure = null;
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
    }

    /** The bound plain port, or -1. */
    public synchronized int port() {
        return plain == null ? -1 : plain.port();
    }

    /** The bound TLS port, or -1. */
    public synchronized int tlsPort() {
        return secure == null ? -1 : secure.port();
    }

    /** The bound port of a vendor's listener, or -1. */
    public synchronized int vendorPort(String vendorId) {
        return vendors == null ? -1 : vendors.port(vendorId);
    }
}
