package dev.estuary.adapter.mqtt.handler;

import dev.estuary.adapter.mqtt.ChannelAttributes;
import dev.estuary.adapter.mqtt.codec.Props;
import dev.estuary.adapter.mqtt.codec.Utf8;
import dev.estuary.core.Broker;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.config.Durations;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.Topics;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectOutcome;
import dev.estuary.core.session.ConnectRequest;
import dev.estuary.core.session.Will;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

/**
 * CONNECT (MQTT 5.0 §3.1, 3.1.1 §3.1): validates what the spec and our limits require, maps 3.x onto MQTT 5
 * semantics, asks the broker to authenticate and attach the session, and answers with CONNACK.
 */
final class ConnectHandler {
    private static final long UINT_MAX = 0xFFFFFFFFL;

    void handle(MqttConnection c, MqttConnectMessage msg) {
        MqttConnectVariableHeader vh = msg.variableHeader();
        MqttConnectPayload pl = msg.payload();
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(vh.name(), (byte) vh.version());
        c.version(version);
        boolean v5 = version == MqttVersion.MQTT_5;
        MqttProperties props = vh.properties();
        boolean problemInfo = !v5 || Props.intValue(props, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) != 0;
        c.requestProblemInfo(problemInfo);
        MqttConfig config = c.server().config();

        if (vh.hasPassword() && !vh.hasUserName() && !v5) {
            c.disconnect(MqttConnection.protocolError("password flag set without user name flag"));
            return;
        }
        if (!vh.isWillFlag() && (vh.willQos() != 0 || vh.isWillRetain())) {
            c.disconnect(MqttConnection.protocolError("will QoS or will retain set without the will flag"));
            return;
        }
        if (v5 && Props.has(props, MqttPropertyType.AUTHENTICATION_METHOD)) {
            c.connectRefused(ReasonCodes.BAD_AUTHENTICATION_METHOD,
                    "enhanced authentication (" + Props.string(props, MqttPropertyType.AUTHENTICATION_METHOD)
                            + ") is not supported", DisconnectReason.NOT_AUTHORIZED);
            return;
        }
        int receiveMaximum = Props.intValue(props, MqttPropertyType.RECEIVE_MAXIMUM, 65535);
        if (receiveMaximum == 0) {
            c.disconnect(MqttConnection.protocolError("Receive Maximum 0"));
            return;
        }
        long maxPacket = Props.uintValue(props, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0);
        if (Props.has(props, MqttPropertyType.MAXIMUM_PACKET_SIZE) && maxPacket == 0) {
            c.disconnect(MqttConnection.protocolError("Maximum Packet Size 0"));
            return;
        }
        int topicAliasMax = Props.intValue(props, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0);
        boolean requestResponseInfo = Props.intValue(props, MqttPropertyType.REQUEST_RESPONSE_INFORMATION, 0) == 1;

        long expiry;
        if (v5) {
            long requested = Props.uintValue(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0);
            expiry = requested == UINT_MAX ? Long.MAX_VALUE : requested;
        } else {
            expiry = vh.isCleanSession() ? 0 : Durations.seconds(config.sessionExpiryInterval());
        }
        int keepAlive = vh.keepAliveTimeSeconds();
        boolean serverKeepAlive = v5 && config.serverKeepalive() > 0 && config.serverKeepalive() != keepAlive;
        if (serverKeepAlive) {
            keepAlive = config.serverKeepalive();
        }

        String clientId = pl.clientIdentifier() == null ? "" : pl.clientIdentifier();
        long now = c.server().broker().clock().millis();
        Will will = null;
        if (vh.isWillFlag()) {
            will = will(c, vh, pl, clientId, now);
            if (will == null) {
                return; // refused inside
            }
        }
        String username = pl.userName();
        String cn = c.channel().attr(ChannelAttributes.CERT_CN).get();
        if (cn != null && c.server().tls().useCnAsUsername()) {
            username = cn;
        }
        boolean bridge = Boolean.TRUE.equals(c.channel().attr(ChannelAttributes.BRIDGE).get());
        ClientInfo info = new ClientInfo(clientId, username, ChannelAttributes.clientAddress(c.channel()), "mqtt",
                version.protocolLevel(), c.server().kind().label(), null, null, keepAlive, now, bridge, false, cn);
        ConnectRequest req = new ConnectRequest(info, pl.passwordInBytes(), vh.isCleanSession(), expiry, will,
                receiveMaximum, maxPacket, topicAliasMax, requestResponseInfo, problemInfo);
        c.aliases.outboundMaximum(topicAliasMax);

        Broker broker = c.server().broker();
        int finalKeepAlive = keepAlive;
        broker.connect(req, c).whenComplete((outcome, err) -> {
            if (err != null || outcome == null) {
                c.connectRefused(ReasonCodes.SERVER_UNAVAILABLE, "internal error", DisconnectReason.PROTOCOL_ERROR);
                return;
            }
            if (!outcome.accepted()) {
                c.connectRefused(outcome.reasonCode(), outcome.reasonString(), category(outcome.reasonCode()));
                return;
            }
            long granted = outcome.session().expirySeconds();
            MqttConnAckMessage connack = connack(c, outcome, v5, serverKeepAlive ? finalKeepAlive : -1,
                    granted != expiry ? granted : -1, requestResponseInfo);
            c.connectAccepted(outcome.session(), outcome.client(), connack, finalKeepAlive, expiry, problemInfo,
                    maxPacket);
        });
    }

    private static Will will(MqttConnection c, MqttConnectVariableHeader vh, MqttConnectPayload pl, String clientId,
                             long now) {
        MqttConfig config = c.server().config();
        String topic = pl.willTopic();
        try {
            if (topic == null) {
                throw new InvalidTopicException("will topic missing");
            }
            Topics.checkName(topic, config.topicLimits());
        } catch (InvalidTopicException e) {
            c.connectRefused(ReasonCodes.TOPIC_NAME_INVALID, "will topic: " + e.getMessage(),
                    DisconnectReason.PROTOCOL_ERROR);
            return null;
        }
        int qos = vh.willQos();
        if (qos > 2) {
            c.disconnect(MqttConnection.protocolError("will QoS 3"));
            return null;
        }
        if (qos > config.maxQosAllowed()) {
            c.connectRefused(ReasonCodes.QOS_NOT_SUPPORTED, "will QoS " + qos + " above the maximum "
                    + config.maxQosAllowed(), DisconnectReason.QUOTA_EXCEEDED);
            return null;
        }
        if (vh.isWillRetain() && !config.retainAvailable()) {
            c.connectRefused(ReasonCodes.RETAIN_NOT_SUPPORTED, "retained will not supported",
                    DisconnectReason.QUOTA_EXCEEDED);
            return null;
        }
        byte[] payload = pl.willMessageInBytes() == null ? new byte[0] : pl.willMessageInBytes();
        MqttProperties wp = pl.willProperties();
        MessageProperties mp = MessageProperties.NONE;
        long delay = 0;
        long expiresAt = 0;
        if (c.isMqtt5()) {
            mp = PublishHandler.messageProperties(wp);
            if (mp.payloadFormatUtf8() && !Utf8.isValid(payload)) {
                c.connectRefused(ReasonCodes.PAYLOAD_FORMAT_INVALID, "will payload is not valid UTF-8",
                        DisconnectReason.PROTOCOL_ERROR);
                return null;
            }
            delay = Props.uintValue(wp, MqttPropertyType.WILL_DELAY_INTERVAL, 0);
            if (Props.has(wp, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL)) {
                expiresAt = now + 1000 * Props.uintValue(wp, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, 0);
            }
        }
        Message m = Message.builder(topic).payload(payload).qos(qos).retain(vh.isWillRetain()).properties(mp)
                .publisherId(clientId).createdAtMillis(now).expiresAtMillis(expiresAt).build();
        return new Will(m, delay);
    }

    private static MqttConnAckMessage connack(MqttConnection c, ConnectOutcome outcome, boolean v5,
                                              int serverKeepAlive, long grantedExpiry, boolean responseInfo) {
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (v5) {
            MqttConfig config = c.server().config();
            props = new MqttProperties();
            if (outcome.assignedClientId() != null) {
                Props.addString(props, MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER, outcome.assignedClientId());
            }
            if (grantedExpiry >= 0) {
                Props.addInt(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL,
                        (int) Math.min(grantedExpiry, UINT_MAX));
            }
            if (config.maxAwaitingRel() < 65535) {
                Props.addInt(props, MqttPropertyType.RECEIVE_MAXIMUM, config.maxAwaitingRel());
            }
            if (config.maxQosAllowed() < 2) {
                Props.addInt(props, MqttPropertyType.MAXIMUM_QOS, config.maxQosAllowed());
            }
            if (!config.retainAvailable()) {
                Props.addInt(props, MqttPropertyType.RETAIN_AVAILABLE, 0);
            }
            Props.addInt(props, MqttPropertyType.MAXIMUM_PACKET_SIZE, config.maxPacketSize().asInt());
            if (config.maxTopicAlias() > 0) {
                Props.addInt(props, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, config.maxTopicAlias());
            }
            if (!config.wildcardSubscription()) {
                Props.addInt(props, MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE, 0);
            }
            if (!config.sharedSubscription()) {
                Props.addInt(props, MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE, 0);
            }
            if (serverKeepAlive >= 0) {
                Props.addInt(props, MqttPropertyType.SERVER_KEEP_ALIVE, serverKeepAlive);
            }
            if (responseInfo && !config.responseInformation().isEmpty()) {
                Props.addString(props, MqttPropertyType.RESPONSE_INFORMATION,
                        config.responseInformation() + outcome.client().clientId());
            }
        }
        return new MqttConnAckMessage(
                new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.CONNECTION_ACCEPTED, outcome.sessionPresent(),
                        props));
    }

    private static DisconnectReason category(int reasonCode) {
        switch (reasonCode) {
            case ReasonCodes.BAD_USERNAME_OR_PASSWORD:
            case ReasonCodes.NOT_AUTHORIZED:
            case ReasonCodes.BANNED:
            case ReasonCodes.BAD_AUTHENTICATION_METHOD:
                return DisconnectReason.NOT_AUTHORIZED;
            case ReasonCodes.QUOTA_EXCEEDED:
            case ReasonCodes.CONNECTION_RATE_EXCEEDED:
            case ReasonCodes.SERVER_BUSY:
                return DisconnectReason.QUOTA_EXCEEDED;
            default:
                return DisconnectReason.PROTOCOL_ERROR;
        }
    }
}
