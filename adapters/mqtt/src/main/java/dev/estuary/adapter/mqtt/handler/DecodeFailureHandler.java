package dev.estuary.adapter.mqtt.handler;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;

/**
 * A packet Netty's decoder rejected (its result is a failure, checked before any cast): the offending connection
 * gets the spec's answer (CONNACK 0x01/0x84 for an unknown protocol version, 0x02/0x85 for a bad client id,
 * DISCONNECT 0x95 for an oversize packet, 0x81 for anything malformed) and is closed; the decoder discards the
 * rest of its bytes.
 */
final class DecodeFailureHandler {
    /** Netty's own channel attribute for the negotiated version (MqttCodecUtil.MQTT_VERSION_KEY). */
    private static final AttributeKey<MqttVersion> NETTY_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    void handle(MqttConnection c, MqttMessage msg) {
        Throwable cause = msg.decoderResult().cause();
        MqttVersion negotiated = c.channel().attr(NETTY_VERSION).get();
        if (negotiated != null) {
            c.version(negotiated);
        }
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            c.connectRefused(ReasonCodes.UNSUPPORTED_PROTOCOL_VERSION, cause.getMessage(),
                    DisconnectReason.PROTOCOL_ERROR);
            return;
        }
        if (cause instanceof MqttIdentifierRejectedException) {
            c.connectRefused(ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID, "client identifier rejected",
                    DisconnectReason.PROTOCOL_ERROR);
            return;
        }
        if (cause instanceof TooLongFrameException) {
            c.disconnect(Disconnect.of(DisconnectReason.PACKET_TOO_LARGE, ReasonCodes.PACKET_TOO_LARGE,
                    "packet larger than mqtt.max_packet_size (" + c.server().config().maxPacketSize() + ")"));
            return;
        }
        c.disconnect(Disconnect.of(DisconnectReason.PROTOCOL_ERROR, ReasonCodes.MALFORMED_PACKET,
                "malformed packet: " + cause.getMessage()));
    }
}
