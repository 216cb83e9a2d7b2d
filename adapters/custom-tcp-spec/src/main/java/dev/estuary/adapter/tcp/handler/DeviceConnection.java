package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.codec.AckFrame;
import dev.estuary.adapter.tcp.codec.DecodeFailure;
import dev.estuary.adapter.tcp.codec.DownlinkFrame;
import dev.estuary.adapter.tcp.codec.ErrorCode;
import dev.estuary.adapter.tcp.codec.Frame;
import dev.estuary.adapter.tcp.codec.FrameDecoder;
import dev.estuary.adapter.tcp.codec.FrameEncoder;
import dev.estuary.adapter.tcp.codec.GoodbyeFrame;
import dev.estuary.adapter.tcp.codec.GoodbyeReason;
import dev.estuary.adapter.tcp.codec.HelloAckFrame;
import dev.estuary.adapter.tcp.codec.HelloFrame;
import dev.estuary.adapter.tcp.codec.NackFrame;
import dev.estuary.adapter.tcp.codec.PongFrame;
import dev.estuary.adapter.tcp.codec.UplinkFrame;
import dev.estuary.adapter.tcp.device.ChannelCloser;
import dev.estuary.adapter.tcp.device.DownlinkReports;
import dev.estuary.adapter.tcp.device.DownlinkTracker;
import dev.estuary.adapter.tcp.device.EventLoops;
import dev.estuary.adapter.tcp.device.IdleTimer;
import dev.estuary.adapter.tcp.device.UplinkFlow;
import dev.estuary.core.spi.DeviceSession;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device connection speaking the spec framing: its state machine (spec §6.1) and a dispatcher that hands each
 * frame type to its handler. A plain object driven by {@link SpecChannelHandler}; everything runs on the channel's
 * event loop. {@link #close(Close)} is the one way a connection ends.
 */
public final class DeviceConnection {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

    private final Channel channel;
    private final SpecServices services;
    private final FrameDecoder decoder;
    private final FrameEncoder encoder;
    private final IdleTimer idle;
    private final UplinkFlow flow;
    private ConnectionState state = ConnectionState.AWAITING_HELLO;
    private String deviceId;
    private long deviceMaxBody;
    private DeviceSession session;
    private DownlinkTracker<DownlinkFrame> downlinks;

    public DeviceConnection(Channel channel, SpecServices services, FrameDecoder decoder, FrameEncoder encoder) {
        this.channel = channel;
        this.services = services;
        this.decoder = decoder;
        this.encoder = encoder;
        this.idle = new IdleTimer(channel, this::idleExpired);
        this.flow = new UplinkFlow(channel, services.config().maxInflightUplinks());
    }

    // ------------------------------------------------------------------ events from the channel handler

    void active() {
        services.metrics().opened();
        idle.start(services.config().helloTimeout().toMillis()); // §6.2
    }

    void frame(Frame f) {
        if (state.closing()) {
            return;
        }
        idle.touch();
        String refusal = state.refuses(f.type());
        if (refusal != null) {
            close(Close.error(ErrorCode.PROTOCOL_VIOLATION, refusal + " (spec §6.1)"));
            return;
        }
        switch (f.type()) {
            case HELLO -> services.hello().handle(this, (HelloFrame) f);
            case UPLINK -> services.uplinks().handle(this, (UplinkFrame) f);
            case ACK -> services.acks().ack(this, (AckFrame) f);
            case NACK -> services.acks().nack(this, (NackFrame) f);
            case PING -> channel.writeAndFlush(PongFrame.INSTANCE);
            case GOODBYE -> close(Close.ended(goodbye((GoodbyeFrame) f), false));
            case ERROR -> close(Close.ended("device reported " + f.describe(), true));
            default -> close(Close.error(ErrorCode.PROTOCOL_VIOLATION, f.type() + " is not expected"));
        }
    }

    private static String goodbye(GoodbyeFrame g) {
        return "goodbye " + GoodbyeReason.name(g.reason()) + (g.text().isEmpty() ? "" : ": " + g.text());
    }

    void decodeFailed(DecodeFailure failure) {
        close(Close.error(failure.code(), failure.detail()));
    }

    void inactive() {
        if (!state.closing()) {
            close(Close.ended("connection lost", false));
        }
        services.metrics().closed();
    }

    void writabilityChanged() {
        flow.update();
    }

    void exception(Throwable cause) {
        Throwable root = EventLoops.unwrap(cause);
        if (root instanceof java.io.IOException) { // includes TLS failures: the peer's problem, not ours
            close(Close.ended("I/O error: " + root.getMessage(), root instanceof javax.net.ssl.SSLException));
        } else {
            LOG.error("tcp connection {} (device {}) failed: {}", peer(), deviceId, cause.toString(), cause);
            close(Close.internal());
        }
    }

    private void idleExpired() {
        if (state == ConnectionState.AWAITING_HELLO) {
            close(Close.error(ErrorCode.HELLO_TIMEOUT, "no HELLO within "
                    + services.config().helloTimeout().toMillis() + " ms (spec §6.2)"));
        } else if (state == ConnectionState.ONLINE) {
            close(Close.error(ErrorCode.KEEPALIVE_TIMEOUT, "no frame within 1.5 times the keep-alive (spec §6.5)"));
        }
    }

    // ------------------------------------------------------------------ called by the frame handlers

    /** HELLO received: the broker is checking the device (spec §6.2). */
    void authenticating(String id, long maxBody, boolean crc) {
        state = ConnectionState.AUTHENTICATING;
        deviceId = id;
        deviceMaxBody = maxBody;
        idle.stop();
        encoder.crc(crc); // §3.8: the gateway mirrors the device's HELLO
    }

    /** The broker accepted the device: go online, then tell the device (spec §6.2). */
    void online(DeviceSession s, int keepAliveSeconds) {
        if (state != ConnectionState.AUTHENTICATING || !channel.isActive()) {
            s.close("connection closed during login");
            return;
        }
        session = s;
        state = ConnectionState.ONLINE;
        decoder.maxBody(services.config().maxBody());
        downlinks = new DownlinkTracker<>(channel.eventLoop(), services.downlinkSettings(),
                new SpecDownlinks(this), new DownlinkReports(s));
        s.onDownlink((ds, m) -> EventLoops.run(channel.eventLoop(), () -> downlinks.submit(m)));
        s.onClosed(reason -> EventLoops.run(channel.eventLoop(), () -> sessionEnded(reason)));
        channel.writeAndFlush(new HelloAckFrame(0, keepAliveSeconds, services.config().maxBody(), ""));
        idle.start(keepAliveSeconds * 1500L); // §6.5: 1.5 times the keep-alive
        LOG.debug("tcp device {} online from {} (keep-alive {} s)", deviceId, peer(), keepAliveSeconds);
    }

    /** The broker ended the session (taken over, kicked, shutdown). */
    private void sessionEnded(String reason) {
        if (state.closing()) {
            return;
        }
        String r = reason == null ? "session closed" : reason;
        GoodbyeReason code = r.contains("takeover") || r.contains("taken over") ? GoodbyeReason.TAKEN_OVER
                : r.contains("stopp") || r.contains("shutdown") ? GoodbyeReason.SHUTDOWN
                : GoodbyeReason.SESSION_CLOSED;
        close(Close.goodbye(code, r));
    }

    /**
     * The one way a connection ends: logs one line, sends the last frame (if any) and closes, fails the pending
     * downlinks and ends the device session. Idempotent.
     */
    public void close(Close c) {
        if (state.closing()) {
            return;
        }
        state = ConnectionState.CLOSING;
        idle.stop();
        flow.detach();
        if (c.protocolError()) {
            services.metrics().protocolErrors.increment();
        }
        if (c.deviceFault()) {
            LOG.info("tcp {} device {}: {}", peer(), deviceId == null ? "(no hello)" : deviceId, c.log());
        } else {
            LOG.debug("tcp {} device {}: {}", peer(), deviceId == null ? "(no hello)" : deviceId, c.log());
        }
        ChannelCloser.closeAfter(channel, c.last());
        if (downlinks != null) {
            downlinks.close("device disconnected (" + c.sessionReason() + ")");
        }
        if (session != null) {
            session.close(c.sessionReason());
        }
    }

    /** Ends the connection because the adapter stops (spec §6.6); the future completes once GOODBYE is written. */
    public java.util.concurrent.Future<?> shutdown() {
        return EventLoops.submit(channel.eventLoop(), () -> close(Close.goodbye(GoodbyeReason.SHUTDOWN,
                "gateway stopping")));
    }

    // ------------------------------------------------------------------ accessors for the handlers

    Channel channel() {
        return channel;
    }

    SpecServices services() {
        return services;
    }

    DeviceSession session() {
        return session;
    }

    String deviceId() {
        return deviceId;
    }

    /** The largest body the device accepts (0: no limit of its own, spec §4.1). */
    long deviceMaxBody() {
        return deviceMaxBody;
    }

    UplinkFlow flow() {
        return flow;
    }

    DownlinkTracker<DownlinkFrame> downlinks() {
        return downlinks;
    }

    String peer() {
        InetSocketAddress a = (InetSocketAddress) channel.remoteAddress();
        return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
