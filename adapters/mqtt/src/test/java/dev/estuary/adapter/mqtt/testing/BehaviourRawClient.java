package dev.estuary.adapter.mqtt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A raw MQTT client for behaviour tests that need control no real client library gives: holding back
 * acknowledgements, reading the DUP flag and packet ids, going silent to trip keep alive, dropping the socket
 * without DISCONNECT. It encodes and decodes with Netty's MQTT codec over a plain TCP socket on its own single
 * event loop, and queues every packet it receives (PUBLISH payloads copied to the heap, so nothing needs
 * releasing). Close it to stop its thread.
 */
public final class BehaviourRawClient implements AutoCloseable {
    /** How long {@link #next()} waits for a packet before failing. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    private final EventLoopGroup group;
    private final Channel channel;
    private final LinkedBlockingQueue<MqttMessage> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile MqttVersion version = MqttVersion.MQTT_3_1_1;

    private BehaviourRawClient(int port) {
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            this.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new MqttDecoder(16 * 1024 * 1024));
                            ch.pipeline().addLast(MqttEncoder.INSTANCE);
                            ch.pipeline().addLast(new Inbound());
                        }
                    })
                    .connect("127.0.0.1", port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
    }

    /** Opens a TCP connection to {@code 127.0.0.1:port}; nothing is sent yet. */
    public static BehaviourRawClient open(int port) {
        return new BehaviourRawClient(port);
    }

    /** A CONNECT builder for {@code version} with clean start 1 and keep alive 60 s, to be adjusted. */
    public static MqttMessageBuilders.ConnectBuilder connectPacket(MqttVersion version, String clientId) {
        return MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId).cleanSession(true)
                .keepAlive(60);
    }

    /** MQTT 5 CONNECT properties with a Session Expiry Interval. */
    public static MqttProperties sessionExpiry(long seconds) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                (int) seconds));
        return p;
    }

    // ------------------------------------------------------------------ sending

    /** Writes and flushes one packet, waiting until it is on the wire. */
    public void send(MqttMessage packet) {
        channel.writeAndFlush(packet).syncUninterruptibly();
    }

    /** Sends {@code connect} and returns the CONNACK. */
    public MqttConnAckMessage connect(MqttConnectMessage connect) {
        version = MqttVersion.fromProtocolNameAndLevel(connect.variableHeader().name(),
                (byte) connect.variableHeader().version());
        send(connect);
        return expect(MqttMessageType.CONNACK);
    }

    /** Connects with {@code cleanStart}; for MQTT 5 with {@code sessionExpirySeconds}. Returns the CONNACK. */
    public MqttConnAckMessage connect(MqttVersion v, String clientId, boolean cleanStart, long sessionExpirySeconds) {
        MqttMessageBuilders.ConnectBuilder b = connectPacket(v, clientId).cleanSession(cleanStart);
        if (v == MqttVersion.MQTT_5) {
            b.properties(sessionExpiry(sessionExpirySeconds));
        }
        return connect(b.build());
    }

    /** Subscribes to one filter and returns the SUBACK. */
    public MqttSubAckMessage subscribe(int packetId, String filter, int qos) {
        return subscribe(packetId, filter, MqttSubscriptionOption.onlyFromQos(MqttQoS.valueOf(qos)));
    }

    /** Subscribes to one filter with full MQTT 5 options and returns the SUBACK. */
    public MqttSubAckMessage subscribe(int packetId, String filter, MqttSubscriptionOption option) {
        send(MqttMessageBuilders.subscribe().messageId(packetId).addSubscription(filter, option).build());
        return expect(MqttMessageType.SUBACK);
    }

    /** Sends a PUBLISH (no DUP). {@code packetId} is ignored for QoS 0. */
    public void publish(String topic, String payload, int qos, boolean retain, int packetId) {
        send(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).retained(retain)
                .messageId(qos == 0 ? 0 : packetId)
                .payload(Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8))).build());
    }

    /** Sends PUBACK, PUBREC, PUBREL or PUBCOMP for {@code packetId} with reason code 0. */
    public void ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        send(new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) 0, MqttProperties.NO_PROPERTIES)));
    }

    /** Sends PINGREQ. */
    public void ping() {
        send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
    }

    /** Sends DISCONNECT (for MQTT 5 with reason code 0x00) and waits for the server to close the socket. */
    public void disconnect() {
        disconnect(0);
    }

    /** Sends an MQTT 5 DISCONNECT with {@code reasonCode} (plain DISCONNECT for 3.1.1) and awaits the close. */
    public void disconnect(int reasonCode) {
        MqttMessage d = version == MqttVersion.MQTT_5
                ? MqttMessageBuilders.disconnect().reasonCode((byte) reasonCode).build()
                : new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE,
                        false, 0));
        send(d);
        awaitClosed(DEFAULT_WAIT);
    }

    /** Closes the socket without DISCONNECT, like a lost connection, and waits until it is closed. */
    public void drop() {
        channel.close().syncUninterruptibly();
        awaitClosed(DEFAULT_WAIT);
    }

    // ------------------------------------------------------------------ receiving

    /** The next packet received, waiting up to {@link #DEFAULT_WAIT}; fails if none arrives. */
    public MqttMessage next() {
        return next(DEFAULT_WAIT);
    }

    /** The next packet received within {@code wait}; fails if none arrives. */
    public MqttMessage next(Duration wait) {
        try {
            MqttMessage m = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no packet received within " + wait.toMillis() + " ms"
                        + (closed.isDone() ? " (connection closed)" : ""));
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next packet, which must be of {@code type}. */
    @SuppressWarnings("unchecked")
    public <T extends MqttMessage> T expect(MqttMessageType type) {
        MqttMessage m = next();
        assertThat(m.decoderResult().isSuccess()).as("decoded %s", m).isTrue();
        assertThat(m.fixedHeader().messageType()).as("packet type of %s", m).isEqualTo(type);
        return (T) m;
    }

    /** The next packet, which must be a PUBLISH. */
    public MqttPublishMessage expectPublish() {
        return expect(MqttMessageType.PUBLISH);
    }

    /** The next packet, which must be an acknowledgement of {@code type}; returns its packet id. */
    public int expectAck(MqttMessageType type) {
        MqttMessage m = expect(type);
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    /** Proves that nothing arrives within {@code wait} (the one acceptable bounded wait). */
    public void assertNoPacketWithin(Duration wait) {
        try {
            MqttMessage m = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("packet received within %d ms", wait.toMillis()).isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until the server closed the connection; fails after {@code wait}. */
    public void awaitClosed(Duration wait) {
        try {
            closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection still open after " + wait.toMillis() + " ms");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** The negotiated protocol version (set by the last CONNECT sent). */
    public MqttVersion version() {
        return version;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    // ------------------------------------------------------------------ static helpers for assertions

    /** The UTF-8 payload of a received PUBLISH. */
    public static String payload(MqttPublishMessage p) {
        return p.payload().toString(StandardCharsets.UTF_8);
    }

    /** The reason code of a received MQTT 5 DISCONNECT (0 when the short form was sent). */
    public static int reasonCode(MqttMessage disconnect) {
        Object vh = disconnect.variableHeader();
        return vh instanceof MqttReasonCodeAndPropertiesVariableHeader
                ? ((MqttReasonCodeAndPropertiesVariableHeader) vh).reasonCode() & 0xFF : 0;
    }

    private final class Inbound extends SimpleChannelInboundHandler<MqttMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            if (msg instanceof MqttPublishMessage) {
                MqttPublishMessage p = (MqttPublishMessage) msg;
                inbox.add(new MqttPublishMessage(p.fixedHeader(), p.variableHeader(),
                        Unpooled.wrappedBuffer(ByteBufUtil.getBytes(p.payload()))));
            } else {
                inbox.add(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.complete(null);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
