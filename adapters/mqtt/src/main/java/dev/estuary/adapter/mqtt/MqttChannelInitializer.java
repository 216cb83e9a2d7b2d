package dev.estuary.adapter.mqtt;

import dev.estuary.adapter.mqtt.codec.BridgeProtocolLevelDecoder;
import dev.estuary.adapter.mqtt.handler.MqttConnectionHandler;
import dev.estuary.adapter.mqtt.handler.PacketHandlers;
import dev.estuary.adapter.mqtt.limits.InboundByteLimiter;
import dev.estuary.adapter.mqtt.limits.PublishRateLimiter;
import dev.estuary.adapter.mqtt.limits.ReadThrottle;
import dev.estuary.adapter.mqtt.trace.PacketTraceHandler;
import dev.estuary.adapter.mqtt.transport.ByteCounter;
import dev.estuary.adapter.mqtt.transport.ProxyProtocolGuard;
import dev.estuary.adapter.mqtt.transport.ProxyProtocolHandler;
import dev.estuary.adapter.mqtt.transport.TlsHandshakeMonitor;
import dev.estuary.adapter.mqtt.transport.WebSocketFallbackHandler;
import dev.estuary.adapter.mqtt.transport.WebSocketFrameCodec;
import dev.estuary.core.config.ListenerConfig;
import dev.estuary.core.trace.TraceManager;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * Builds every MQTT connection's pipeline in one place, in this order: byte counter, PROXY protocol (optional:
 * guard, decoder, handler), TLS (ssl, wss), HTTP + WebSocket (ws, wss), bridge protocol level, MQTT decoder (a
 * new one per channel, limits set explicitly), the shared MQTT encoder, the connection handler. The keep-alive stage is added before the
 * connection handler once CONNECT has set the keep alive. Optional stages: the byte-rate limiter right after the
 * byte counter, the PUBLISH-rate limiter and the packet tracer between the encoder and the connection handler.
 */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** The WebSocket subprotocols MQTT clients ask for (MQTT 5.0 §6). */
    static final String SUBPROTOCOLS = "mqtt,mqttv3.1,mqttv3.1.1";

    private final MqttServerContext server;
    private final ListenerConfig listener;
    private final SslContext ssl;
    private final ByteCounter byteCounter;
    private final PacketHandlers handlers = new PacketHandlers();
    private final WebSocketFallbackHandler fallback;
    private final long tlsHandshakeTimeoutMillis;
    private final TraceManager traces;

    MqttChannelInitializer(MqttServerContext server, ListenerConfig listener, SslContext ssl, TraceManager traces) {
        this.server = server;
        this.listener = listener;
        this.ssl = ssl;
        this.byteCounter = new ByteCounter(server.broker().metrics());
        this.fallback = new WebSocketFallbackHandler(listener.path());
        this.tlsHandshakeTimeoutMillis = server.tls().handshakeTimeout().toMillis();
        this.traces = traces;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(ChannelHandlerNames.BYTE_COUNTER, byteCounter);
        ReadThrottle throttle = null;
        if (listener.bytesRate().bytes() > 0 || listener.messagesRate() > 0) {
            throttle = new ReadThrottle(ch, server.stats());
        }
        if (listener.bytesRate().bytes() > 0) {
            p.addLast(ChannelHandlerNames.BYTE_LIMITER, new InboundByteLimiter(listener.bytesRate().bytes(), throttle));
        }
        if (listener.proxyProtocol()) {
            p.addLast(ChannelHandlerNames.PROXY_PROTOCOL_GUARD,
                    new ProxyProtocolGuard(server.kind().label(), server.stats()));
            p.addLast(ChannelHandlerNames.PROXY_PROTOCOL_DECODER, new HAProxyMessageDecoder());
            p.addLast(ChannelHandlerNames.PROXY_PROTOCOL_HANDLER,
                    new ProxyProtocolHandler(server.kind().label(), server.stats()));
        }
        if (server.kind().tls()) {
            SslHandler tls = ssl.newHandler(ch.alloc());
            tls.setHandshakeTimeoutMillis(tlsHandshakeTimeoutMillis);
            p.addLast(ChannelHandlerNames.TLS, tls);
            p.addLast(ChannelHandlerNames.TLS_HANDSHAKE_MONITOR,
                    new TlsHandshakeMonitor(server.kind().label(), server.stats()));
        }
        int maxPacket = server.config().maxPacketSize().asInt();
        if (server.kind().websocket()) {
            p.addLast(ChannelHandlerNames.HTTP_CODEC, new HttpServerCodec());
            p.addLast(ChannelHandlerNames.HTTP_AGGREGATOR, new HttpObjectAggregator(65536));
            p.addLast(ChannelHandlerNames.WEBSOCKET_PROTOCOL, new WebSocketServerProtocolHandler(
                    WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath(listener.path())
                            .subprotocols(SUBPROTOCOLS)
                            .allowExtensions(true)
                            .maxFramePayloadLength(Math.max(65536, maxPacket + 16))
                            .checkStartsWith(true) // also /mqtt?token=... and /mqtt/...
                            .handleCloseFrames(true)
                            .dropPongFrames(true)
                            .handshakeTimeoutMillis(server.config().idleTimeout().toMillis())
                            .build()));
            p.addLast(ChannelHandlerNames.WEBSOCKET_FALLBACK, fallback);
            p.addLast(ChannelHandlerNames.WEBSOCKET_FRAME_CODEC, WebSocketFrameCodec.INSTANCE);
        }
        p.addLast(ChannelHandlerNames.BRIDGE_LEVEL_DECODER, new BridgeProtocolLevelDecoder());
        p.addLast(ChannelHandlerNames.MQTT_DECODER, new MqttDecoder(maxPacket, server.config().maxClientidLen(), true));
        p.addLast(ChannelHandlerNames.MQTT_ENCODER, MqttEncoder.INSTANCE);
        if (listener.messagesRate() > 0) {
            p.addLast(ChannelHandlerNames.PUBLISH_LIMITER, new PublishRateLimiter(listener.messagesRate(), throttle));
        }
        if (traces != null) {
            p.addLast(ChannelHandlerNames.PACKET_TRACE, new PacketTraceHandler(traces));
        }
        p.addLast(ChannelHandlerNames.MQTT_HANDLER, new MqttConnectionHandler(server, handlers));
    }
}
