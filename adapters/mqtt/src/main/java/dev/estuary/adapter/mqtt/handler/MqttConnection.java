package dev.estuary.adapter.mqtt.handler;

import dev.estuary.adapter.mqtt.ChannelAttributes;
import dev.estuary.adapter.mqtt.ChannelHandlerNames;
import dev.estuary.adapter.mqtt.MqttServerContext;
import dev.estuary.adapter.mqtt.codec.PublishEncoder;
import dev.estuary.adapter.mqtt.trace.PacketTraceHandler;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.internal.NettyLanes;
import dev.estuary.core.session.ClientConnection;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Lane;
import dev.estuary.core.session.OutboundPublish;
import dev.estuary.core.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT network connection: the state machine that enforces protocol order, the dispatcher that hands each
 * packet to its handler, and the {@link ClientConnection} through which the session writes. Confined to the
 * channel's event loop. Session semantics live in the core {@link Session}; this class only speaks the protocol.
 */
public final class MqttConnection implements ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    private static final int MAX_HELD_PACKETS = 1000;
    /** Bytes gathered in {@link #pending} before they are handed to the pipeline (and count for writability). */
    private static final int PENDING_LIMIT = 16 * 1024;

    private final ChannelHandlerContext ctx;
    private final Channel channel;
    private final MqttServerContext server;
    private final PacketHandlers handlers;
    private final Lane lane;

    private ConnectionState state = ConnectionState.AWAITING_CONNECT;
    private MqttVersion version = MqttVersion.MQTT_3_1_1;
    private Session session;
    private ClientInfo client;
    private Disconnect closeReason;
    private ScheduledFuture<?> connectTimeout;
    private ArrayDeque<MqttMessage> held;
    private boolean requestProblemInfo = true;
    private long sessionExpiryAtConnect;
    final TopicAliases aliases = new TopicAliases();
    final DurableAcks acks = new DurableAcks(this);
    /** Reading stopped because the durable store is behind (see {@link #admitPublishes}). */
    private boolean readPaused;
    private final Runnable resumeReading = this::resumeReadingSoon;
    private long clientMaxPacketSize;
    /**
     * Packets encoded straight to bytes (MQTT 3 PUBLISHes, plain PUBACKs) since the last hand-off: one buffer and
     * one pipeline write per batch instead of a packet object, an encoder pass and an outbound-buffer entry per
     * packet. Handed to the pipeline before any other write, so packet order is kept.
     */
    private ByteBuf pending;
    /** Between channelRead and channelReadComplete: flushes wait for the end of the read batch. */
    private boolean reading;
    /** The pipeline's packet tracer, looked up on first use (the pipeline is complete by then); null: none. */
    private PacketTraceHandler tracer;
    private boolean tracerLooked;

    MqttConnection(ChannelHandlerContext ctx, MqttServerContext server, PacketHandlers handlers) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.server = server;
        this.handlers = handlers;
        this.lane = NettyLanes.of(channel.eventLoop());
    }

    // ------------------------------------------------------------------ channel events (from the Netty handler)

    void channelActive() {
        int open = server.stats().opened();
        server.channels().add(channel);
        if (open > server.maxConnections()) {
            server.stats().rejectedOverLimit();
            LOG.warn("listener {} at its limit of {} connections: refusing {}", server.kind().label(),
                    server.maxConnections(), peer());
            closeQuietly(Disconnect.of(DisconnectReason.QUOTA_EXCEEDED, ReasonCodes.QUOTA_EXCEEDED,
                    "listener connection limit reached"));
            return;
        }
        long idleMs = server.config().idleTimeout().toMillis();
        connectTimeout = channel.eventLoop().schedule(() -> {
            if (state == ConnectionState.AWAITING_CONNECT || state == ConnectionState.CONNECTING) {
                disconnect(Disconnect.of(DisconnectReason.IDLE_TIMEOUT, -1,
                        "no CONNECT within " + idleMs + " ms"));
            }
        }, idleMs, TimeUnit.MILLISECONDS);
    }

    void channelInactive() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        releaseHeld();
        Disconnect d = closeReason != null ? closeReason
                : Disconnect.of(DisconnectReason.CLOSED_BY_CLIENT, -1, "connection closed by the client");
        state = ConnectionState.CLOSED;
        server.stats().closed();
        server.stats().disconnected(d.reason());
        server.broker().metrics().disconnected(d.reason());
        if (session != null) {
            session.detach(this, d);
        }
        if (closeReason == null && LOG.isDebugEnabled()) {
            LOG.debug("{} closed the connection", who());
        }
    }

    /** An exception reached the end of the pipeline: network noise is logged quietly, anything else loudly. */
    void exceptionCaught(Throwable cause) {
        if (cause instanceof java.io.IOException) {
            LOG.debug("{}: network error: {}", who(), cause.getMessage());
            if (closeReason == null) {
                closeReason = Disconnect.of(DisconnectReason.NETWORK_ERROR, -1, cause.getMessage());
            }
            state = ConnectionState.CLOSED;
            channel.close();
        } else if (cause instanceof io.netty.handler.codec.DecoderException) {
            Throwable c = cause.getCause() != null ? cause.getCause() : cause;
            if (c instanceof javax.net.ssl.SSLException) {
                if (closeReason == null) {
                    closeReason = Disconnect.of(DisconnectReason.NETWORK_ERROR, -1, "TLS: " + c.getMessage());
                }
                state = ConnectionState.CLOSED;
                channel.close(); // the handshake monitor logged the reason
            } else {
                disconnect(Disconnect.of(DisconnectReason.PROTOCOL_ERROR, ReasonCodes.MALFORMED_PACKET,
                        String.valueOf(c.getMessage())));
            }
        } else {
            LOG.error("unexpected error on {}; closing it", who(), cause);
            disconnect(Disconnect.of(DisconnectReason.PROTOCOL_ERROR, ReasonCodes.IMPLEMENTATION_SPECIFIC_ERROR,
                    "internal error"));
        }
    }

    void writabilityChanged() {
        if (channel.isWritable() && session != null && state.connected()) {
            session.onWritable(this);
        }
    }

    void keepAliveExpired() {
        if (state.connected()) {
            disconnect(Disconnect.of(DisconnectReason.KEEPALIVE_TIMEOUT, ReasonCodes.KEEP_ALIVE_TIMEOUT,
                    "no packet within " + (client == null ? 0 : client.keepAliveSeconds()) + " s x "
                            + server.config().keepaliveMultiplier()));
        }
    }

    /** A decoded packet. The caller releases it afterwards. */
    void packetReceived(MqttMessage msg) {
        server.broker().metrics().packetIn();
        if (state.closed()) {
            return;
        }
        if (msg.decoderResult().isFailure()) {
            handlers.decodeFailure(this, msg);
            return;
        }
        MqttMessageType type = msg.fixedHeader().messageType();
        switch (state) {
            case AWAITING_CONNECT:
                if (type != MqttMessageType.CONNECT) {
                    disconnect(protocolError("first packet must be CONNECT, got " + type));
                    return;
                }
                state = ConnectionState.CONNECTING;
                handlers.connect(this, msg);
                return;
            case CONNECTING:
                hold(msg);
                return;
            default:
                dispatch(msg, type);
        }
    }

    private void dispatch(MqttMessage msg, MqttMessageType type) {
        switch (type) {
            case PUBLISH:
                handlers.publish(this, (MqttPublishMessage) msg);
                break;
            case PUBACK:
            case PUBREC:
            case PUBREL:
            case PUBCOMP:
                handlers.ack(this, msg, type);
                break;
            case SUBSCRIBE:
                handlers.subscribe(this, msg);
                break;
            case UNSUBSCRIBE:
                handlers.unsubscribe(this, msg);
                break;
            case PINGREQ:
                writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                        MqttQoS.AT_MOST_ONCE, false, 0)));
                break;
            case DISCONNECT:
                handlers.disconnect(this, msg);
                break;
            case CONNECT:
                disconnect(protocolError("second CONNECT on one connection"));
                break;
            case AUTH:
                disconnect(protocolError("AUTH without an authentication method (enhanced auth is not supported)"));
                break;
            default:
                disconnect(protocolError(type + " is not sent by clients"));
        }
    }

    private void hold(MqttMessage msg) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        if (held.size() >= MAX_HELD_PACKETS) {
            disconnect(Disconnect.of(DisconnectReason.QUOTA_EXCEEDED, ReasonCodes.QUOTA_EXCEEDED,
                    "more than " + MAX_HELD_PACKETS + " packets before CONNACK"));
            return;
        }
        if (msg instanceof MqttPublishMessage) {
            ((MqttPublishMessage) msg).retain();
        }
        held.add(msg);
    }

    private void releaseHeld() {
        if (held != null) {
            for (MqttMessage m : held) {
                if (m instanceof MqttPublishMessage) {
                    ((MqttPublishMessage) m).release();
                }
            }
            held = null;
        }
    }

    // ------------------------------------------------------------------ connect completion (from ConnectHandler)

    void connectAccepted(Session s, ClientInfo info, MqttConnAckMessage connack, int keepAliveSeconds,
                         long sessionExpiry, boolean problemInfo, long maxPacket) {
        if (state.closed() || !channel.isActive()) {
            if (s != null) {
                s.detach(this, closeReason != null ? closeReason
                        : Disconnect.of(DisconnectReason.CLOSED_BY_CLIENT, -1, "closed during connect"));
            }
            return;
        }
        this.session = s;
        this.client = info;
        this.requestProblemInfo = problemInfo;
        this.sessionExpiryAtConnect = sessionExpiry;
        this.clientMaxPacketSize = maxPacket;
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
        }
        if (keepAliveSeconds > 0) {
            long ms = (long) Math.ceil(keepAliveSeconds * 1000L * server.config().keepaliveMultiplier());
            channel.pipeline().addBefore(ChannelHandlerNames.MQTT_HANDLER, ChannelHandlerNames.KEEPALIVE,
                    new IdleStateHandler(ms, 0, 0, TimeUnit.MILLISECONDS));
        }
        state = ConnectionState.CONNECTED;
        write(connack);
        s.startDelivery(this);
        flush();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} connected (MQTT {}, keep alive {} s)", who(), version.protocolLevel(), keepAliveSeconds);
        }
        replayHeld();
    }

    private void replayHeld() {
        ArrayDeque<MqttMessage> pending = held;
        held = null;
        if (pending == null) {
            return;
        }
        MqttMessage m;
        while ((m = pending.poll()) != null) {
            try {
                if (!state.closed()) {
                    dispatch(m, m.fixedHeader().messageType());
                }
            } finally {
                if (m instanceof MqttPublishMessage) {
                    ((MqttPublishMessage) m).release();
                }
            }
        }
    }

    /** Refuses the connect with a CONNACK carrying {@code reasonCode} (mapped for MQTT 3.x), then closes. */
    void connectRefused(int reasonCode, String detail, DisconnectReason category) {
        if (state.closed()) {
            return;
        }
        closeReason = Disconnect.of(category, reasonCode, detail);
        state = ConnectionState.CLOSED;
        LOG.info("MQTT connect refused for {}: {}{}", who(), ReasonCodes.describe(reasonCode),
                detail == null ? "" : " (" + detail + ")");
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (isMqtt5() && detail != null && requestProblemInfo) {
            props = new MqttProperties();
            props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(),
                    detail));
        }
        int code = isMqtt5() ? reasonCode : ReasonCodes.toV3ConnackCode(reasonCode);
        MqttConnAckMessage connack = new MqttConnAckMessage(
                new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) code), false, props));
        handOff();
        ctx.writeAndFlush(connack).addListener(ChannelFutureListener.CLOSE);
    }

    // ------------------------------------------------------------------ disconnect: the one place that ends it

    /**
     * Ends the connection for {@code d}: logs one line, sends DISCONNECT with the reason code to an MQTT 5 client
     * that has been sent CONNACK (a CONNACK refusal before that), and closes. The session detaches on close.
     */
    public void disconnect(Disconnect d) {
        if (state.closed()) {
            return;
        }
        if (state == ConnectionState.AWAITING_CONNECT || state == ConnectionState.CONNECTING) {
            boolean violation = d.reason() == DisconnectReason.PROTOCOL_ERROR;
            if (d.reasonCode() >= 0x80 && state == ConnectionState.CONNECTING && (isMqtt5() || !violation)) {
                connectRefused(d.reasonCode(), d.detail(), d.reason());
                return;
            }
            closeReason = d;
            state = ConnectionState.CLOSED;
            logDisconnect(d);
            channel.close();
            return;
        }
        closeReason = d;
        state = ConnectionState.CLOSED;
        logDisconnect(d);
        if (isMqtt5() && d.reasonCode() >= 0) {
            MqttProperties props = reasonString(d.detail(), 4);
            MqttMessage msg = new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttReasonCodeAndPropertiesVariableHeader((byte) d.reasonCode(), props));
            handOff();
            ctx.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE);
        } else {
            flush();
            channel.close();
        }
    }

    /** Closes without a DISCONNECT packet (listener full, client-initiated DISCONNECT). */
    void closeQuietly(Disconnect d) {
        if (state.closed()) {
            return;
        }
        closeReason = d;
        state = ConnectionState.CLOSED;
        flush();
        channel.close();
    }

    private void logDisconnect(Disconnect d) {
        switch (d.reason()) {
            case PROTOCOL_ERROR:
            case PACKET_TOO_LARGE:
            case QUOTA_EXCEEDED:
            case NOT_AUTHORIZED:
                LOG.info("closing {}: {}{}", who(), d.reasonCode() >= 0 ? ReasonCodes.describe(d.reasonCode())
                        : d.reason().label(), d.detail() == null ? "" : " (" + d.detail() + ")");
                break;
            default:
                if (LOG.isDebugEnabled()) {
                    LOG.debug("closing {}: {} ({})", who(), d.reason().label(), d.detail());
                }
        }
    }

    static Disconnect protocolError(String detail) {
        return Disconnect.of(DisconnectReason.PROTOCOL_ERROR, ReasonCodes.PROTOCOL_ERROR, detail);
    }

    // ------------------------------------------------------------------ ClientConnection (called by the session)

    @Override
    public Lane lane() {
        return lane;
    }

    @Override
    public boolean sendPublish(OutboundPublish p) {
        if (state.closed()) {
            return true; // the session keeps it inflight and resends on reconnect
        }
        if (!isMqtt5() && directWrites()) {
            server.broker().metrics().packetOut();
            ByteBuf buf = pending();
            PublishEncoder.encodeV3(p, buf);
            if (buf.readableBytes() >= PENDING_LIMIT) {
                handOff();
            }
            return true;
        }
        MqttPublishMessage msg = PublishEncoder.encode(p, isMqtt5(), aliases, clientMaxPacketSize);
        if (msg == null) {
            return false;
        }
        server.broker().metrics().packetOut();
        handOff();
        ctx.write(msg, ctx.voidPromise());
        return true;
    }

    /**
     * Whether packets may be encoded straight into the batch buffer: not while a packet trace runs, since the
     * tracer sees only packet objects.
     */
    boolean directWrites() {
        if (!tracerLooked) {
            tracer = ctx.pipeline().get(PacketTraceHandler.class);
            tracerLooked = true;
        }
        return tracer == null || !tracer.tracing();
    }

    private ByteBuf pending() {
        ByteBuf buf = pending;
        if (buf == null) {
            buf = ctx.alloc().directBuffer(1024);
            pending = buf;
        }
        return buf;
    }

    /** Passes the directly encoded bytes on to the pipeline (not flushed). */
    private void handOff() {
        ByteBuf buf = pending;
        if (buf != null) {
            pending = null;
            ctx.write(buf, ctx.voidPromise());
        }
    }

    /** A PUBACK or PUBREC with reason code 0 and no properties: four bytes (the short form in MQTT 5 too). */
    void writePubReply(MqttMessageType type, int packetId) {
        server.broker().metrics().packetOut();
        pending().writeByte(type == MqttMessageType.PUBACK ? 0x40 : 0x50).writeByte(2).writeShort(packetId);
    }

    @Override
    public void sendPubrel(int packetId) {
        if (!state.closed()) {
            write(pubReply(MqttMessageType.PUBREL, packetId, 0));
        }
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    /**
     * Flushes what was written; during a read batch (PUBACKs that free window slots, PUBLISHes delivered on this
     * loop) only once, at the batch's end: one write system call per batch instead of one per packet.
     */
    @Override
    public void flush() {
        handOff();
        if (!reading) {
            ctx.flush();
        }
    }

    void readStarted() {
        reading = true;
    }

    /** The read batch ended: the one flush for it. */
    void readCompleted() {
        reading = false;
        flush();
    }

    @Override
    public void close(Disconnect disconnect) {
        disconnect(disconnect);
    }

    // ------------------------------------------------------------------ back-pressure from the durable store

    /**
     * After a PUBLISH: when the durable store has more changes waiting for the disk than it buffers
     * ({@code persistence.max_pending}), stop reading from this client until it has caught up. The client's
     * packets wait in its socket and TCP window instead of in our memory.
     */
    void admitPublishes() {
        if (!readPaused && !server.broker().sessionStore().admit(resumeReading)) {
            readPaused = true;
            channel.config().setAutoRead(false);
            LOG.debug("{}: durable store behind, reading paused", who());
        }
    }

    /** Called by the store's writer thread: hop to the event loop. */
    private void resumeReadingSoon() {
        try {
            channel.eventLoop().execute(() -> {
                if (readPaused) {
                    readPaused = false;
                    if (channel.isActive()) {
                        channel.config().setAutoRead(true);
                        LOG.debug("{}: durable store caught up, reading resumed", who());
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    // ------------------------------------------------------------------ helpers for the packet handlers

    void write(MqttMessage msg) {
        server.broker().metrics().packetOut();
        handOff();
        ctx.write(msg, ctx.voidPromise());
    }

    void writeAndFlush(MqttMessage msg) {
        server.broker().metrics().packetOut();
        handOff();
        ctx.writeAndFlush(msg, ctx.voidPromise());
    }

    /** Ends the socket after a client DISCONNECT (no packet goes back). */
    void clientDisconnected(Disconnect d) {
        closeReason = d;
        state = ConnectionState.CLOSED;
        if (session != null) {
            session.detach(this, d);
        }
        channel.close();
    }

    static MqttMessage pubReply(MqttMessageType type, int packetId, int reasonCode) {
        return pubReply(type, packetId, reasonCode, MqttProperties.NO_PROPERTIES);
    }

    static MqttMessage pubReply(MqttMessageType type, int packetId, int reasonCode, MqttProperties props) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, props));
    }

    /**
     * Properties with a Reason String for a packet to the client: empty unless it speaks MQTT 5 and did not set
     * Request Problem Information to 0 (MQTT 5.0 §3.1.2.11.7), and unless the string would take the packet past
     * the client's Maximum Packet Size (§3.4.2.2.2 and the same rule on every other packet).
     *
     * @param sizeWithout the packet's encoded size without the property
     */
    MqttProperties reasonString(String reason, int sizeWithout) {
        if (!isMqtt5() || !requestProblemInfo || reason == null) {
            return MqttProperties.NO_PROPERTIES;
        }
        // property id, string length, string, and up to two more bytes of variable-length integers
        long size = sizeWithout + 3L + ByteBufUtil.utf8Bytes(reason) + 2;
        if (clientMaxPacketSize > 0 && size > clientMaxPacketSize) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
        return props;
    }

    MqttServerContext server() {
        return server;
    }

    Channel channel() {
        return channel;
    }

    Session session() {
        return session;
    }

    ClientInfo client() {
        return client;
    }

    boolean isMqtt5() {
        return version == MqttVersion.MQTT_5;
    }

    MqttVersion version() {
        return version;
    }

    void version(MqttVersion v) {
        this.version = v;
    }

    void requestProblemInfo(boolean v) {
        this.requestProblemInfo = v;
    }

    long sessionExpiryAtConnect() {
        return sessionExpiryAtConnect;
    }

    /** "client-id (ip:port) on tcp" for log lines. */
    String who() {
        String id = client != null ? client.clientId() : "<no client id yet>";
        return "client '" + id + "' " + peer() + " on " + server.kind().label();
    }

    String peer() {
        return ChannelAttributes.peer(channel);
    }
}
