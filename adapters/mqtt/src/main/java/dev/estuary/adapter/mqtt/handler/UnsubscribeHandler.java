package dev.estuary.adapter.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;

/** UNSUBSCRIBE (MQTT 5.0 §3.10): the session unsubscribes; UNSUBACK carries reason codes for MQTT 5. */
final class UnsubscribeHandler {
    void handle(MqttConnection c, MqttUnsubscribeMessage msg) {
        List<String> topics = msg.payload().topics();
        if (topics.isEmpty()) {
            c.disconnect(MqttConnection.protocolError("UNSUBSCRIBE without a topic filter"));
            return;
        }
        List<Integer> codes = c.session().unsubscribe(c, topics);
        if (codes.size() != topics.size()) {
            return;
        }
        List<Short> reasons = new ArrayList<>(codes.size());
        for (int code : codes) {
            reasons.add((short) code);
        }
        c.write(new MqttUnsubAckMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(msg.idAndPropertiesVariableHeader().messageId(),
                        MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(reasons)));
    }
}
