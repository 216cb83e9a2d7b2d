package dev.estuary.adapter.mqtt.trace;

import dev.estuary.core.trace.TraceManager;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.List;
import java.util.stream.Collectors;

/** One MQTT packet as one line of a trace file: the type and its fields ({@code PUBLISH topic=a/b qos=1 ...}). */
final class PacketFormat {
    private PacketFormat() {
    }

    static String describe(MqttMessage m, TraceManager traces) {
        if (m.decoderResult().isFailure()) {
            return "MALFORMED " + TraceManager.quote(String.valueOf(m.decoderResult().cause().getMessage()));
        }
        switch (m.fixedHeader().messageType()) {
            case CONNECT:
                return connect((MqttConnectMessage) m);
            case CONNACK:
                MqttConnAckMessage ack = (MqttConnAckMessage) m;
                return "CONNACK reason_code=" + hex(ack.variableHeader().connectReturnCode().byteValue())
                        + " session_present=" + ack.variableHeader().isSessionPresent();
            case PUBLISH:
                return publish((MqttPublishMessage) m, traces);
            case PUBACK:
            case PUBREC:
            case PUBREL:
            case PUBCOMP:
                return pubReply(m);
            case SUBSCRIBE:
                return subscribe((MqttSubscribeMessage) m);
            case SUBACK:
                MqttSubAckMessage sa = (MqttSubAckMessage) m;
                return "SUBACK packet_id=" + sa.variableHeader().messageId() + " reason_codes="
                        + sa.payload().reasonCodes().stream().map(PacketFormat::hex).toList();
            case UNSUBSCRIBE:
                MqttUnsubscribeMessage un = (MqttUnsubscribeMessage) m;
                return "UNSUBSCRIBE packet_id=" + packetId(m) + " topics=" + un.payload().topics();
            case UNSUBACK:
                MqttUnsubAckMessage ua = (MqttUnsubAckMessage) m;
                return "UNSUBACK packet_id=" + ua.variableHeader().messageId()
                        + (ua.payload() == null ? "" : " reason_codes="
                        + ua.payload().unsubscribeReasonCodes().stream().map(c -> hex(c)).toList());
            case DISCONNECT:
            case AUTH:
                Object vh = m.variableHeader();
                return m.fixedHeader().messageType() + (vh instanceof MqttReasonCodeAndPropertiesVariableHeader r
                        ? " reason_code=" + hex(r.reasonCode()) : "");
            default:
                return m.fixedHeader().messageType().toString();
        }
    }

    private static String connect(MqttConnectMessage c) {
        StringBuilder sb = new StringBuilder("CONNECT client_id=")
                .append(TraceManager.quote(String.valueOf(c.payload().clientIdentifier())))
                .append(" proto_ver=").append(c.variableHeader().version())
                .append(" clean_start=").append(c.variableHeader().isCleanSession())
                .append(" keepalive=").append(c.variableHeader().keepAliveTimeSeconds());
        if (c.variableHeader().hasUserName()) {
            sb.append(" username=").append(TraceManager.quote(String.valueOf(c.payload().userName())));
        }
        if (c.variableHeader().hasPassword()) {
            sb.append(" password=<hidden>");
        }
        if (c.variableHeader().isWillFlag()) {
            sb.append(" will_topic=").append(c.payload().willTopic()).append(" will_qos=")
                    .append(c.variableHeader().willQos());
        }
        return sb.toString();
    }

    private static String publish(MqttPublishMessage p, TraceManager traces) {
        return "PUBLISH topic=" + p.variableHeader().topicName() + " qos=" + p.fixedHeader().qosLevel().value()
                + " retain=" + p.fixedHeader().isRetain() + " dup=" + p.fixedHeader().isDup()
                + (p.fixedHeader().qosLevel().value() > 0 ? " packet_id=" + p.variableHeader().packetId() : "")
                + " " + traces.payload(ByteBufUtil.getBytes(p.payload()));
    }

    private static String pubReply(MqttMessage m) {
        Object vh = m.variableHeader();
        String s = m.fixedHeader().messageType() + " packet_id=" + packetId(m);
        if (vh instanceof MqttPubReplyMessageVariableHeader r) {
            s += " reason_code=" + hex(r.reasonCode());
        }
        return s;
    }

    private static String subscribe(MqttSubscribeMessage s) {
        List<MqttTopicSubscription> subs = s.payload().topicSubscriptions();
        return "SUBSCRIBE packet_id=" + s.variableHeader().messageId() + " topics=["
                + subs.stream().map(t -> t.topicFilter() + " qos=" + t.qualityOfService().value())
                .collect(Collectors.joining(", ")) + "]";
    }

    private static int packetId(MqttMessage m) {
        Object vh = m.variableHeader();
        if (vh instanceof MqttMessageIdAndPropertiesVariableHeader v) {
            return v.messageId();
        }
        return vh instanceof MqttMessageIdVariableHeader v ? v.messageId() : -1;
    }

    private static String hex(int code) {
        return String.format("0x%02X", code & 0xFF);
    }

    private static String hex(Short code) {
        return hex((int) code);
    }

    private static String hex(byte code) {
        return hex((int) code);
    }
}
