package dev.estuary.adapter.mqtt.handler;

import dev.estuary.adapter.mqtt.ChannelAttributes;
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
 * gets the spec's answer (CONNACK 0x01 for an unknown protocol version, or 0x84 in the MQTT 5 form when its level
 * is 5 or above; 0x02/0x85 for a bad client id; DISCONNECT 0x95 for an oversize packet, 0x81 for anything
 * malformed) and is closed; the decoder discards the rest of its bytes.
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
            // MQTT 5.0 §3.1.2.2: a level of 5 or above gets the MQTT 5 CONNACK 0x84 (a newer client reads that
            // form); anything older gets the MQTT 3 return code 0x01 (MQTT 3.1.1 §3.1.2.2)
            Integer level = c.channel().attr(ChannelAttributes.PROTOCOL_LEVEL).get();
            if (level != null && level >= MqttVersion.MQTT_5.protocolLevel()) {
                c.version(MqttVersion.MQTT_5);
                c.channel().attr(NETTY_VERSION).set(MqttVersion.MQTT_5); // so that the encoder writes that form
            }
            c.connectRefused(ReasonCodes.UNSUPPORTED_PROTOCOL_VERSION, "protocol level "
                    + (level == null ? "?" : level) + " not supported (" + cause.getMessage()
                    + "); supported: MQIsdp 3, MQTT 4, MQTT 5", DisconnectReason.PROTOCOL_ERROR);
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
