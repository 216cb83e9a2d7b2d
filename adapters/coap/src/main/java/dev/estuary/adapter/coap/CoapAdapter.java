package dev.estuary.adapter.coap;

import dev.estuary.adapter.coap.device.DeviceRegistry;
import dev.estuary.adapter.coap.handler.HandlerContext;
import dev.estuary.adapter.coap.handler.ObservationIndex;
import dev.estuary.adapter.coap.handler.RequestGate;
import dev.estuary.adapter.coap.handler.Resources;
import dev.estuary.adapter.coap.transport.CoapListeners;
import dev.estuary.core.spi.AdapterConfigException;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.ProtocolAdapter;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.Endpoint;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter {@code coap}: CoAP (RFC 7252) over UDP and DTLS, on Eclipse Californium. Devices publish and subscribe
 * EMQX-style through {@code /ps/{topic}}, use the unified device topics through {@code /up} and {@code /down}, and
 * identify themselves by query parameters, EMQX's connection mode ({@code /mqtt/connection}) or their DTLS
 * identity. Every request acts through the device's {@code DeviceSession}: authenticated and ACL-checked like an
 * MQTT client. See {@code docs/adapters/coap.md}.
 */
@Extension
public class CoapAdapter implements ProtocolAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(CoapAdapter.class);

    private CoapServer server;
    private DeviceRegistry devices;
    private ExecutorService pskExecutor;
    private ScheduledFuture<?> reaper;

    @Override
    public String id() {
        return "coap";
    }

    @Override
    public synchronized void start(AdapterContext context) throws Exception {
        CoapAdapterConfig config = CoapAdapterConfig.from(context.config());
        if (!config.udp().enabled() && !config.dtls().enabled()) {
            throw new AdapterConfigException(context.config().keyPath("udp.enabled") + " and "
                    + context.config().keyPath("dtls.enabled") + " are both false: nothing to listen on");
        }
        CoapMetrics metrics = new CoapMetrics(context.metrics());
        devices = new DeviceRegistry(context, config, metrics, System::nanoTime);
        ObservationIndex observations = new ObservationIndex();
        RequestGate gate = new RequestGate(config.maxPendingRequests());
        HandlerContext handlers = new HandlerContext(config, devices, gate, observations, metrics);
        pskExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "coap-psk-lookup");
            t.setDaemon(true);
            return t;
        });
        server = CoapListeners.create(config, Resources.root(handlers), new PskStore(context.store()), pskExecutor,
                metrics);
        server.start();
        for (Endpoint e : server.getEndpoints()) {
            if (!e.isStarted()) {
                stop();
                throw new IOException("cannot bind the CoAP listener " + e.getUri() + " (" + e.getAddress()
                        + "): see the log above");
            }
        }
        int udpPort = CoapListeners.port(server, "coap");
        int dtlsPort = CoapListeners.port(server, "coaps");
        context.metrics().gauge("udp_port", "port of the CoAP UDP listener (-1: disabled)", () -> udpPort);
        context.metrics().gauge("dtls_port", "port of the CoAP DTLS listener (-1: disabled)", () -> dtlsPort);
        DeviceRegistry registry = devices;
        context.metrics().gauge("devices", "CoAP devices online", registry::size);
        context.metrics().gauge("observations", "active CoAP observations", observations::size);
        context.metrics().gauge("pending_requests", "CoAP requests in progress", gate::pending);
        long period = Math.max(50, Math.min(5000,
                Math.min(config.idleTimeout().toMillis(), config.heartbeatTimeout().toMillis()) / 4));
        reaper = context.scheduler().scheduleAtFixedRate(registry::expire, period, period, TimeUnit.MILLISECONDS);
        LOG.info("CoAP adapter listening: udp {} dtls {} (max payload {} bytes, idle timeout {}, heartbeat "
                        + "timeout {})", config.udp().enabled() ? config.udp().bind().getHostString() + ":" + udpPort
                        : "off", config.dtls().enabled() ? config.dtls().bind().getHostString() + ":" + dtlsPort : "off",
                config.maxPayload(), config.idleTimeout(), config.heartbeatTimeout());
    }

    @Override
    public synchronized void stop() {
        if (reaper != null) {
            reaper.cancel(false);
            reaper = null;
        }
        if (devices != null) {
            devices.closeAll("adapter stopped");
            devices = null;
        }
        if (server != null) {
            server.destroy();
            server = null;
        }
        if (pskExecutor != null) {
            pskExecutor.shutdownNow();
            pskExecutor = null;
        }
    }
}
