package dev.estuary.adapter.mqtt;

/** Names of the pipeline stages, so code that inserts or replaces a handler says where by name. */
public final class ChannelHandlerNames {
    public static final String BYTE_COUNTER = "byteCounter";
    public static final String BYTE_LIMITER = "byteLimiter";
    public static final String PROXY_PROTOCOL_GUARD = "proxyProtocolGuard";
    public static final String PROXY_PROTOCOL_DECODER = "proxyProtocolDecoder";
    public static final String PROXY_PROTOCOL_HANDLER = "proxyProtocolHandler";
    public static final String TLS = "tls";
    public static final String TLS_HANDSHAKE_MONITOR = "tlsHandshakeMonitor";
    public static final String HTTP_CODEC = "httpCodec";
    public static final String HTTP_AGGREGATOR = "httpAggregator";
    public static final String WEBSOCKET_PROTOCOL = "webSocketProtocol";
    public static final String WEBSOCKET_FALLBACK = "webSocketFallback";
    public static final String WEBSOCKET_FRAME_CODEC = "webSocketFrameCodec";
    public static final String BRIDGE_LEVEL_DECODER = "bridgeProtocolLevel";
    public static final String MQTT_DECODER = "mqttDecoder";
    public static final String MQTT_ENCODER = "mqttEncoder";
    public static final String PUBLISH_LIMITER = "publishLimiter";
    public static final String PACKET_TRACE = "packetTrace";
    public static final String KEEPALIVE = "keepalive";
    public static final String MQTT_HANDLER = "mqttHandler";
    public static final String EXCEPTION_HANDLER = "exceptionHandler";

    private ChannelHandlerNames() {
    }
}
