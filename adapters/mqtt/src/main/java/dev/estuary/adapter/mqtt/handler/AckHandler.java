package dev.estuary.adapter.mqtt.handler;

import dev.estuary.core.ReasonCodes;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;

/** PUBACK, PUBREC, PUBREL and PUBCOMP from a client: the QoS 1 and 2 flows (MQTT 5.0 §4.3). */
final class AckHandler {
    void handle(MqttConnection c, MqttMessage msg, MqttMessageType type) {
        MqttMessageIdVariableHeader vh = (MqttMessageIdVariableHeader) msg.variableHeader();
        int packetId = vh.messageId();
        int reason = vh instanceof MqttPubReplyMessageVariableHeader
                ? ((MqttPubReplyMessageVariableHeader) vh).reasonCode() & 0xFF : 0;
        switch (type) {
            case PUBACK:
                c.session().onPuback(c, packetId);
                break;
            case PUBCOMP:
                c.session().onPubcomp(c, packetId);
                break;
            case PUBREC: {
                int rc = c.session().onPubrec(c, packetId, reason);
                if (rc == ReasonCodes.PACKET_IDENTIFIER_NOT_FOUND) {
                    c.write(MqttConnection.pubReply(MqttMessageType.PUBREL, packetId, c.isMqtt5() ? rc : 0));
                }
                break;
            }
            case PUBREL: {
                int rc = c.session().onPubrel(c, packetId);
                if (rc >= 0) {
                    c.write(MqttConnection.pubReply(MqttMessageType.PUBCOMP, packetId, c.isMqtt5() ? rc : 0));
                }
                break;
            }
            default:
                throw new IllegalArgumentException(type.toString());
        }
    }
}
