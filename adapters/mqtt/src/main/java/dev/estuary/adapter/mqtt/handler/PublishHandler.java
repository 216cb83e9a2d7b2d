package dev.estuary.adapter.mqtt.handler;

import dev.estuary.adapter.mqtt.codec.Props;
import dev.estuary.adapter.mqtt.codec.Utf8;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.Topics;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH from a client (MQTT 5.0 §3.3): resolves topic aliases, enforces topic, QoS, retain and payload-format
 * rules, builds the broker message (one payload copy), hands it to the session and acknowledges with the session's
 * reason code (PUBACK for QoS 1, PUBREC for QoS 2). A publish the ACL denies is answered 0x87 to an MQTT 5
 * client (a QoS 0 one is just dropped); an MQTT 3.x client, which has no reason codes, is acknowledged as usual,
 * or disconnected when {@code auth.acl_deny_action} is {@code disconnect}. With {@code persistence.sync: always}
 * the acknowledgement waits until the message is on disk ({@link DurableAcks}), and reading pauses while the disk
 * is behind.
 */
final class PublishHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);

    void handle(MqttConnection c, MqttPublishMessage msg) {
        MqttPublishVariableHeader vh = msg.variableHeader();
        MqttConfig config = c.server().config();
        int qos = msg.fixedHeader().qosLevel().value();
        int packetId = vh.packetId();
        boolean retain = msg.fixedHeader().isRetain();
        boolean v5 = c.isMqtt5();
        MqttProperties props = vh.properties();
        String topic = vh.topicName();

        if (v5) {
            if (Props.has(props, MqttPropertyType.TOPIC_ALIAS)) {
                int alias = Props.intValue(props, MqttPropertyType.TOPIC_ALIAS, 0);
                if (alias == 0 || alias > config.maxTopicAlias()) {
                    c.disconnect(Disconnect.of(DisconnectReason.PROTOCOL_ERROR, ReasonCodes.TOPIC_ALIAS_INVALID,
                            "topic alias " + alias + " outside 1.." + config.maxTopicAlias()));
                    return;
                }
                if (topic.isEmpty()) {
                    topic = c.aliases.inbound(alias);
                    if (topic == null) {
                        c.disconnect(MqttConnection.protocolError("topic alias " + alias + " was never set"));
                        return;
                    }
                } else {
                    c.aliases.setInbound(alias, topic, config.maxTopicAlias());
                }
            } else if (topic.isEmpty()) {
                c.disconnect(MqttConnection.protocolError("empty topic name without a topic alias"));
                return;
            }
            if (Props.has(props, MqttPropertyType.SUBSCRIPTION_IDENTIFIER)) {
                c.disconnect(MqttConnection.protocolError("PUBLISH from a client must not carry a subscription "
                        + "identifier"));
                return;
            }
        }
        try {
            Topics.checkName(topic, config.topicLimits());
        } catch (InvalidTopicException e) {
            c.disconnect(Disconnect.of(DisconnectReason.PROTOCOL_ERROR, ReasonCodes.TOPIC_NAME_INVALID,
                    e.getMessage()));
            return;
        }
        if (qos > config.maxQosAllowed()) {
            c.disconnect(Disconnect.of(DisconnectReason.PROTOCOL_ERROR, ReasonCodes.QOS_NOT_SUPPORTED,
                    "QoS " + qos + " above the maximum " + config.maxQosAllowed()));
            return;
        }
        if (retain && !config.retainAvailable()) {
            c.disconnect(Disconnect.of(DisconnectReason.PROTOCOL_ERROR, ReasonCodes.RETAIN_NOT_SUPPORTED,
                    "retained messages are not supported"));
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(msg.payload());
        MessageProperties mp = v5 ? messageProperties(props) : MessageProperties.NONE;
        if (mp.payloadFormatUtf8() && !Utf8.isValid(payload)) {
            LOG.debug("{} published non-UTF-8 payload with payload format indicator 1 on {}", c.who(), topic);
            acknowledge(c, qos, packetId, ReasonCodes.PAYLOAD_FORMAT_INVALID, topic);
            return;
        }
        long now = c.server().broker().clock().millis();
        long expiresAt = 0;
        if (v5 && Props.has(props, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL)) {
            expiresAt = now + 1000 * Props.uintValue(props, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, 0);
        }
        Message m = Message.builder(topic).payload(payload).qos(qos).retain(retain).properties(mp)
                .publisherId(c.client().clientId()).createdAtMillis(now).expiresAtMillis(expiresAt).build();
        int rc = c.session().onPublish(c, m, packetId);
        if (rc < 0) {
            return;
        }
        c.admitPublishes();
        if (rc == ReasonCodes.NOT_AUTHORIZED && !v5 && c.server().auth().disconnectOnDeniedPublish()) {
            c.disconnect(Disconnect.of(DisconnectReason.NOT_AUTHORIZED, ReasonCodes.NOT_AUTHORIZED,
                    "not authorized to publish to " + (topic.length() > 100 ? topic.substring(0, 97) + "..." : topic)
                            + " (auth.acl_deny_action is disconnect)"));
            return;
        }
        if (rc == ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED) {
            c.disconnect(Disconnect.of(DisconnectReason.QUOTA_EXCEEDED, ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + config.maxAwaitingRel() + " QoS 2 messages awaiting PUBREL"));
            return;
        }
        acknowledge(c, qos, packetId, rc, topic);
    }

    private static void acknowledge(MqttConnection c, int qos, int packetId, int rc, String topic) {
        if (qos == 0) {
            return;
        }
        int code = c.isMqtt5() ? rc : 0;
        if (code == ReasonCodes.SUCCESS && !c.acks.defers() && c.directWrites()) {
            c.writePubReply(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, packetId);
            return;
        }
        MqttProperties props = ReasonCodes.isError(code)
                ? c.reasonString(reason(code, topic), 6) : MqttProperties.NO_PROPERTIES;
        c.acks.send(MqttConnection.pubReply(qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, packetId,
                code, props));
    }

    /** The Reason String of a negative PUBACK/PUBREC. */
    private static String reason(int code, String topic) {
        switch (code) {
            case ReasonCodes.NOT_AUTHORIZED:
                return "not authorized to publish to " + topic;
            case ReasonCodes.PAYLOAD_FORMAT_INVALID:
                return "payload is not valid UTF-8 but the payload format indicator says it is";
            default:
                return ReasonCodes.describe(code) + " (" + topic + ")";
        }
    }

    /** The application-message properties of an MQTT 5 PUBLISH (or will) that travel to subscribers. */
    static MessageProperties messageProperties(MqttProperties props) {
        if (props == null || props.isEmpty()) {
            return MessageProperties.NONE;
        }
        boolean utf8 = Props.intValue(props, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, 0) == 1;
        String contentType = Props.string(props, MqttPropertyType.CONTENT_TYPE);
        String responseTopic = Props.string(props, MqttPropertyType.RESPONSE_TOPIC);
        byte[] correlation = Props.binary(props, MqttPropertyType.CORRELATION_DATA);
        var users = Props.userProperties(props);
        if (!utf8 && contentType == null && responseTopic == null && correlation == null && users.isEmpty()) {
            return MessageProperties.NONE;
        }
        return new MessageProperties(utf8, contentType, responseTopic, correlation, users);
    }
}
