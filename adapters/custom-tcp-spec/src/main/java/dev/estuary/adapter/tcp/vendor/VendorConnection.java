package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.device.ChannelCloser;
import dev.estuary.adapter.tcp.device.DownlinkReports;
import dev.estuary.adapter.tcp.device.DownlinkTracker;
import dev.estuary.adapter.tcp.device.EventLoops;
import dev.estuary.adapter.tcp.device.IdleTimer;
import dev.estuary.adapter.tcp.device.UplinkFlow;
import dev.estuary.adapter.tcp.sdk.DeviceLink;
import dev.estuary.adapter.tcp.sdk.VendorCodec;
import dev.estuary.adapter.tcp.sdk.VendorHandler;
import dev.estuary.adapter.tcp.sdk.VendorLogin;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceRefusedException;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.PublishResult;
import dev.estuary.core.spi.Uplink;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vendor device connection: the gateway side ({@link DeviceLink}) that the vendor's handler talks to. Login
 * opens the device session through the SPI; uplinks are counted for back-pressure; downlinks are tracked (ids,
 * timeouts, retries, reports) exactly as for spec devices. Event loop only; stages complete on the event loop.
 */
final class VendorConnection<M> implements DeviceLink<M> {
    private static final Logger LOG = LoggerFactory.getLogger(VendorConnection.class);

    private enum State { CONNECTED, LOGGING_IN, ONLINE, CLOSING }

    private final Channel channel;
    private final VendorServices services;
    private final VendorCodec<M> codec;
    private final IdleTimer idle;
    private final UplinkFlow flow;
    private VendorHandler<M> handler;
    private State state = State.CONNECTED;
    private DeviceSession session;
    private DownlinkTracker<M> downlinks;
    private String closeReason;

    VendorConnection(Channel channel, VendorServices services, VendorCodec<M> codec) {
        this.channel = channel;
        this.services = services;
        this.codec = codec;
        this.idle = new IdleTimer(channel, this::idleExpired);
        this.flow = new UplinkFlow(channel, services.config.maxInflightUplinks());
    }

    @SuppressWarnings("unchecked")
    void active() {
        services.metrics.opened();
        idle.start(services.loginTimeout().toMillis());
        try {
            handler = ((dev.estuary.adapter.tcp.sdk.VendorProtocol<M>) services.protocol).newHandler(this);
        } catch (RuntimeException | LinkageError e) {
            services.bug("newHandler", e, peer());
            close(null, "vendor plugin failed", "vendor plugin failed", false);
        }
    }

    void message(M m) {
        if (state == State.CLOSING) {
            return;
        }
        idle.touch();
        try {
            handler.onMessage(m);
        } catch (Exception | LinkageError e) {
            services.bug("onMessage", e, peer());
            close(null, "vendor plugin failed: " + e, "vendor plugin failed", false);
        }
    }

    void failure(VendorFailure f) {
        if (f.bug()) {
            services.bug("codec", f.cause(), peer());
            close(null, "vendor codec failed: " + f.reason(), "vendor plugin failed", false);
        } else {
            services.metrics.protocolErrors.increment();
            close(null, "invalid input: " + f.reason(), "protocol error: " + f.reason(), true);
        }
    }

    void inactive() {
        if (state != State.CLOSING) {
            close(null, "connection lost", "connection lost", false);
        }
        services.metrics.closed();
        if (handler != null) {
            try {
                handler.onClosed(closeReason);
            } catch (RuntimeException | LinkageError e) {
                services.bug("onClosed", e, peer());
            }
        }
    }

    void writabilityChanged() {
        flow.update();
    }

    void exception(Throwable cause) {
        Throwable root = EventLoops.unwrap(cause);
        if (root instanceof java.io.IOException) { // includes TLS failures: the peer's problem, not ours
            close(null, "I/O error: " + root.getMessage(), "connection lost",
                    root instanceof javax.net.ssl.SSLException);
        } else {
            LOG.error("vendor '{}' connection {} failed: {}", services.vendorId, peer(), cause.toString(), cause);
            close(null, "internal error", "internal error", false);
        }
    }

    private void idleExpired() {
        if (state == State.ONLINE) {
            close(null, "no frame within the idle timeout of " + services.idleTimeout(), "idle timeout", true);
        } else if (state != State.CLOSING) {
            close(null, "no login within " + services.loginTimeout(), "login timeout", true);
        }
    }

    // ------------------------------------------------------------------ DeviceLink

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public boolean secure() {
        return channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
    }

    @Override
    public CompletionStage<Void> login(VendorLogin l) {
        onLoop("login");
        if (state != State.CONNECTED) {
            return CompletableFuture.failedFuture(new IllegalStateException("login called in state " + state));
        }
        state = State.LOGGING_IN;
        DeviceLogin.Builder b = DeviceLogin.builder(l.deviceId()).kind(services.kind).protocol(services.vendorId)
                .username(l.username()).password(l.password()).remoteAddress(remoteAddress())
                .detail("vendor", services.vendorId).detail("tls", secure());
        l.details().forEach(b::detail);
        CompletableFuture<Void> result = new CompletableFuture<>();
        services.adapter.openDevice(b.build()).whenComplete((s, err) -> {
            if (s != null && channel.eventLoop().isShuttingDown()) {
                s.close("gateway stopping");
            }
            EventLoops.run(channel.eventLoop(), () -> loggedIn(l.deviceId(), s, err, result));
        });
        return result;
    }

    private void loggedIn(String deviceId, DeviceSession s, Throwable err, CompletableFuture<Void> result) {
        if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            services.metrics.refused.increment();
            LOG.info("vendor '{}' {}: device {} refused: {}", services.vendorId, peer(), deviceId,
                    cause.getMessage());
            if (state == State.LOGGING_IN) {
                state = State.CONNECTED;
            }
            result.completeExceptionally(cause instanceof DeviceRefusedException ? cause
                    : new DeviceRefusedException(DeviceRefusedException.Reason.UNAVAILABLE, 0x88, cause.toString()));
            return;
        }
        if (state != State.LOGGING_IN || !channel.isActive()) {
            s.close("connection closed during login");
            result.completeExceptionally(new IllegalStateException("the connection closed during login"));
            return;
        }
        session = s;
        state = State.ONLINE;
        downlinks = new DownlinkTracker<>(channel.eventLoop(), services.downlinkSettings(),
                new VendorDownlinks<>(this, handler, services), new DownlinkReports(s));
        s.onDownlink((ds, m) -> EventLoops.run(channel.eventLoop(), () -> downlinks.submit(m)));
        s.onClosed(reason -> EventLoops.run(channel.eventLoop(), () -> sessionEnded(reason)));
        idle.start(services.idleTimeout().toMillis());
        LOG.debug("vendor '{}' device {} online from {}", services.vendorId, deviceId, peer());
        result.complete(null);
    }

    private void sessionEnded(String reason) {
        if (state != State.CLOSING) {
            close(null, "session ended: " + reason, reason, false);
        }
    }

    @Override
    public String deviceId() {
        return session == null ? null : session.deviceId();
    }

    @Override
    public CompletionStage<PublishResult> uplink(Uplink uplink) {
        onLoop("uplink");
        if (state != State.ONLINE) {
            return CompletableFuture.completedFuture(new PublishResult(PublishResult.Status.REJECTED,
                    "the device is not logged in"));
        }
        services.metrics.uplinks.increment();
        flow.started();
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        session.uplink(uplink).whenComplete((r, err) -> {
            flow.finished();
            if (err != null || !r.accepted()) {
                services.metrics.uplinksRefused.increment();
            }
            EventLoops.run(channel.eventLoop(), () -> {
                if (err != null) {
                    result.completeExceptionally(err);
                } else {
                    result.complete(r);
                }
            });
        });
        return result;
    }

    @Override
    public void status(Map<String, Object> details) {
        requireSession().status(details);
    }

    @Override
    public void event(String name, Map<String, Object> body) {
        requireSession().event(name, body);
    }

    private DeviceSession requireSession() {
        if (session == null) {
            throw new IllegalStateException("the device is not logged in");
        }
        return session;
    }

    @Override
    public void send(M message) {
        onLoop("send");
        if (state == State.CLOSING) {
            return;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(message)));
    }

    @Override
    public boolean downlinkAcked(int messageId, byte[] result) {
        onLoop("downlinkAcked");
        return downlinks != null && downlinks.acked(messageId, result == null ? new byte[0] : result);
    }

    @Override
    public boolean downlinkRefused(int messageId, String reason) {
        onLoop("downlinkRefused");
        return downlinks != null && downlinks.nacked(messageId, "REFUSED", 0, reason == null ? "" : reason);
    }

    @Override
    public void close(M lastMessage, String reason) {
        onLoop("close");
        Object last = null;
        if (lastMessage != null) {
            last = Unpooled.wrappedBuffer(codec.encode(lastMessage));
        }
        close(last, "closed by the protocol: " + reason, reason, false);
    }

    // ------------------------------------------------------------------ closing

    /** The one way a vendor connection ends. Idempotent. */
    private void close(Object last, String log, String sessionReason, boolean deviceFault) {
        if (state == State.CLOSING) {
            return;
        }
        state = State.CLOSING;
        closeReason = sessionReason;
        idle.stop();
        flow.detach();
        String who = session == null ? "(not logged in)" : session.deviceId();
        if (deviceFault) {
            LOG.info("vendor '{}' {} device {}: {}", services.vendorId, peer(), who, log);
        } else {
            LOG.debug("vendor '{}' {} device {}: {}", services.vendorId, peer(), who, log);
        }
        ChannelCloser.closeAfter(channel, last);
        if (downlinks != null) {
            downlinks.close("device disconnected (" + sessionReason + ")");
        }
        if (session != null) {
            session.close(sessionReason);
        }
    }

    /** Encodes and writes a downlink; a failing encoder is the vendor's bug and closes the connection. */
    void sendDownlink(M message) {
        try {
            send(message);
        } catch (RuntimeException | LinkageError e) {
            services.bug("encode", e, peer());
            close(null, "vendor codec failed", "vendor plugin failed", false);
        }
    }

    java.util.concurrent.Future<?> shutdown() {
        return EventLoops.submit(channel.eventLoop(), () -> close(null, "gateway stopping", "gateway stopping",
                false));
    }

    private void onLoop(String method) {
        if (!channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("DeviceLink." + method + " must be called on the connection's thread "
                    + "(from the VendorHandler's methods or stages the link completed)");
        }
    }

    String peer() {
        InetSocketAddress a = remoteAddress();
        return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
