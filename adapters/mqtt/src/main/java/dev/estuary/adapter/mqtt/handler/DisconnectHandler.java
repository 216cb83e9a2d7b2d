package dev.estuary.adapter.mqtt.handler;

import dev.estuary.adapter.mqtt.codec.Props;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;

/**
 * DISCONNECT from a client (MQTT 5.0 §3.14): 0x00 discards the will; any other code (0x04 "with will message",
 * errors) keeps it. A new session expiry may be set, but not from 0 to non-zero (a protocol error).
 */
final class DisconnectHandler {
    void handle(MqttConnection c, MqttMessage msg) {
        if (!c.isMqtt5()) {
            c.clientDisconnected(new Disconnect(DisconnectReason.NORMAL, 0, "client sent DISCONNECT", false));
            return;
        }
        int rc = 0;
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (msg.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader) {
            MqttReasonCodeAndPropertiesVariableHeader vh = (MqttReasonCodeAndPropertiesVariableHeader) msg.variableHeader();
            rc = vh.reasonCode() & 0xFF;
            props = vh.properties();
        }
        if (Props.has(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL)) {
            long expiry = Props.uintValue(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0);
            if (c.sessionExpiryAtConnect() == 0 && expiry != 0) {
                c.disconnect(MqttConnection.protocolError("session expiry set in DISCONNECT after 0 in CONNECT"));
                return;
            }
            c.session().updateExpiry(c, expiry == 0xFFFFFFFFL ? Long.MAX_VALUE : expiry);
        }
        if (rc == 0) {
            c.clientDisconnected(new Disconnect(DisconnectReason.NORMAL, 0, "client sent DISCONNECT", false));
        } else {
            c.clientDisconnected(new Disconnect(DisconnectReason.CLIENT_DISCONNECT_WITH_ERROR, rc,
                    "client sent DISCONNECT " + ReasonCodes.describe(rc), true));
        }
    }
}
