package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.TcpConfig;
import dev.estuary.adapter.tcp.device.TcpMetrics;
import dev.estuary.adapter.tcp.sdk.VendorProtocol;
import dev.estuary.adapter.tcp.sdk.VendorSdk;
import dev.estuary.core.spi.AdapterContext;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a listener for each vendor protocol reported by the {@link VendorSource} and closes it (and its
 * connections) when the owning plugin stops. A vendor that is misconfigured or broken is reported with its plugin
 * id and skipped; the others and the spec listener keep running.
 */
public final class VendorListeners implements VendorSource.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(VendorListeners.class);

    /** Binds a port for a vendor (the adapter's event loops, bind address and transport). */
    public interface Binder {
        /** Binds and returns a handle; throws IllegalStateException naming the port when it cannot. */
        Bound bind(String name, int port, ChannelHandler initializer);
    }

    /** A bound port. */
    public interface Bound extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    private record Running(String owner, Bound listener, Set<VendorConnection<?>> open) {
    }

    private final TcpConfig config;
    private final AdapterContext adapter;
    private final SslContext ssl;
    private final Binder binder;
    private final Map<String, Running> byVendor = new LinkedHashMap<>();

    public VendorListeners(TcpConfig config, AdapterContext adapter, SslContext ssl, Binder binder) {
        this.config = config;
        this.adapter = adapter;
        this.ssl = ssl;
        this.binder = binder;
    }

    @Override
    public synchronized void added(String owner, List<VendorProtocol<?>> protocols) {
        for (VendorProtocol<?> p : protocols) {
            try {
                open(owner, p);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("vendor protocol {} of plugin {} not started: {}", p.getClass().getName(), owner,
                        e.getMessage(), e);
            }
        }
    }

    private void open(String owner, VendorProtocol<?> p) {
        String id = p.id();
        if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("vendor id must be lowercase letters, digits and '-': " + id);
        }
        if (!VendorSdk.isCompatible(p.sdkVersion())) {
            throw new IllegalStateException("built for vendor SDK " + p.sdkVersion() + ", this adapter offers "
                    + VendorSdk.VERSION);
        }
        if (byVendor.containsKey(id)) {
            throw new IllegalStateException("vendor id '" + id + "' is already provided by plugin "
                    + byVendor.get(id).owner());
        }
        int maxFrame = p.maxFrameLength();
        if (maxFrame <= 0 || maxFrame > (1 << 20)) {
            throw new IllegalStateException("maxFrameLength " + maxFrame + " is not between 1 and 1048576");
        }
        TcpConfig.Vendor vc = config.vendor(id);
        if (!vc.enabled()) {
            LOG.info("vendor protocol '{}' of plugin {} is disabled (adapters.tcp.vendors.{}.enabled)", id, owner, id);
            return;
        }
        int port = vc.port() >= 0 ? vc.port() : p.defaultPort();
        if (port < 0) {
            LOG.warn("vendor protocol '{}' of plugin {} has no port: set adapters.tcp.vendors.{}.port", id, owner, id);
            return;
        }
        if (vc.tls() && ssl == null) {
            throw new IllegalStateException("adapters.tcp.vendors." + id + ".tls is true but adapters.tcp.tls has no "
                    + "certificate");
        }
        VendorServices services = new VendorServices(p, owner, config, adapter,
                new TcpMetrics(adapter.metrics(), "vendor_" + id.replace('-', '_') + "_"));
        Set<VendorConnection<?>> open = ConcurrentHashMap.newKeySet();
        Bound bound = binder.bind("vendor " + id, port, initializer(services, p, vc.tls() ? ssl : null, open));
        byVendor.put(id, new Running(owner, bound, open));
        LOG.info("vendor protocol '{}' of plugin {} listening on port {}{}", id, owner, bound.port(),
                vc.tls() ? " (TLS)" : "");
    }

    private static <M> ChannelHandler initializer(VendorServices s, VendorProtocol<M> p, SslContext ssl,
                                                  Set<VendorConnection<?>> open) {
        return new VendorChannelInitializer<>(s, p, ssl, open);
    }

    @Override
    public synchronized void removed(String owner) {
        for (String id : new ArrayList<>(byVendor.keySet())) {
            if (byVendor.get(id).owner().equals(owner)) {
                stop(id);
            }
        }
    }

    private void stop(String id) {
        Running r = byVendor.remove(id);
        r.listener().close();
        List<java.util.concurrent.Future<?>> closed = new ArrayList<>();
        r.open().forEach(c -> closed.add(c.shutdown()));
        dev.estuary.adapter.tcp.device.EventLoops.awaitAll(closed, 2000);
        LOG.info("vendor protocol '{}' of plugin {} stopped", id, r.owner());
    }

    /** Closes every vendor listener and connection. */
    public synchronized void closeAll() {
        for (String id : new ArrayList<>(byVendor.keySet())) {
            stop(id);
        }
    }

    /** The bound port of a vendor's listener, or -1. */
    public synchronized int port(String vendorId) {
        Running r = byVendor.get(vendorId);
        return r == null ? -1 : r.listener().port();
    }
}
