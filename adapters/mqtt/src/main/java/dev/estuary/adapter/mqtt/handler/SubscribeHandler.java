package dev.estuary.adapter.mqtt.handler;

import dev.estuary.adapter.mqtt.codec.Props;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.SubscribeRequest;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE (MQTT 5.0 §3.8): options and subscription identifier checked, session subscribes, SUBACK answers
 * (with a Reason String naming the refused filters when there are any).
 */
final class SubscribeHandler {
    void handle(MqttConnection c, MqttSubscribeMessage msg) {
        boolean v5 = c.isMqtt5();
        MqttProperties props = msg.idAndPropertiesVariableHeader().properties();
        int subscriptionId = 0;
        if (v5 && Props.has(props, MqttPropertyType.SUBSCRIPTION_IDENTIFIER)) {
            subscriptionId = Props.intValue(props, MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 0);
            if (subscriptionId == 0) {
                c.disconnect(MqttConnection.protocolError("subscription identifier 0"));
                return;
            }
        }
        List<MqttTopicSubscription> topics = msg.payload().topicSubscriptions();
        if (topics.isEmpty()) {
            c.disconnect(MqttConnection.protocolError("SUBSCRIBE without a topic filter"));
            return;
        }
        List<SubscribeRequest> requests = new ArrayList<>(topics.size());
        for (MqttTopicSubscription t : topics) {
            MqttSubscriptionOption o = t.option();
            int rh = o.retainHandling().value();
            if (!v5 && (o.isNoLocal() || o.isRetainAsPublished() || rh != 0)) {
                c.disconnect(MqttConnection.protocolError("reserved bits set in MQTT 3 subscription options"));
                return;
            }
            if (rh > 2) {
                c.disconnect(MqttConnection.protocolError("retain handling 3"));
                return;
            }
            String topic = t.topicName();
            if (o.isNoLocal() && (topic.startsWith("$share/") || topic.startsWith("$queue/"))) {
                c.disconnect(MqttConnection.protocolError("no local on a shared subscription"));
                return;
            }
            // bridges (0x80 protocol level) get RETAIN as published, so the other broker stores what we retain
            boolean retainAsPublished = o.isRetainAsPublished() || c.client().bridge();
            requests.add(new SubscribeRequest(topic, new SubscriptionOptions(o.qos().value(), o.isNoLocal(),
                    retainAsPublished, RetainHandling.of(rh))));
        }
        List<Integer> codes = c.session().subscribe(c, requests, subscriptionId);
        if (codes.size() != requests.size()) {
            return; // not attached any more
        }
        int[] out = new int[codes.size()];
        StringBuilder refused = null;
        for (int i = 0; i < out.length; i++) {
            int code = codes.get(i);
            out[i] = v5 || code < 0x80 ? code : ReasonCodes.UNSPECIFIED_ERROR;
            if (ReasonCodes.isError(code)) {
                refused = refused == null ? new StringBuilder("refused: ") : refused.append("; ");
                refused.append(topics.get(i).topicName()).append(' ').append(ReasonCodes.describe(code));
            }
        }
        MqttProperties ackProps = refused == null ? MqttProperties.NO_PROPERTIES
                : c.reasonString(refused.toString(), 5 + out.length);
        c.write(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(msg.variableHeader().messageId(), ackProps),
                new MqttSubAckPayload(out)));
    }
}
