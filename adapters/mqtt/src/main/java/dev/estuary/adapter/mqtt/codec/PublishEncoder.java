package dev.estuary.adapter.mqtt.codec;

import dev.estuary.adapter.mqtt.handler.TopicAliases;
import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.session.OutboundPublish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * Turns the session's {@link OutboundPublish} into bytes: MQTT 3.x straight into the connection's write buffer
 * ({@link #encodeV3}), MQTT 5 into a Netty PUBLISH with its properties (remaining message expiry,
 * subscription identifiers, topic alias, and the publisher's properties passed through), and the receiver's
 * Maximum Packet Size check (MQTT 5.0 §3.1.2.11.4: a PUBLISH that would exceed it is dropped). The payload array
 * is wrapped, not copied.
 */
public final class PublishEncoder {
    private PublishEncoder() {
    }

    /**
     * @param maxPacketSize the receiver's maximum packet size, 0 for no limit
     * @return the PUBLISH, or null when it would exceed {@code maxPacketSize}
     */
    public static MqttPublishMessage encode(OutboundPublish p, boolean mqtt5, TopicAliases aliases,
                                            long maxPacketSize) {
        Message m = p.message();
        String topic = m.topic();
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        int alias = 0;
        boolean newAlias = false;
        if (mqtt5) {
            props = properties(p, m);
            alias = aliases.outboundExisting(topic);
            if (alias == 0) {
                alias = aliases.outboundNext();
                newAlias = alias != 0;
            }
            if (alias != 0) {
                Props.addInt(props, MqttPropertyType.TOPIC_ALIAS, alias);
            }
        }
        String wireTopic = alias != 0 && !newAlias ? "" : topic;
        if (maxPacketSize > 0 && size(wireTopic, p.qos(), props, m.payload().length, mqtt5) > maxPacketSize) {
            return null;
        }
        if (newAlias) {
            aliases.assign(topic, alias);
        }
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, p.dup(), MqttQoS.valueOf(p.qos()),
                p.retain(), 0);
        return new MqttPublishMessage(fixed, new MqttPublishVariableHeader(wireTopic, p.packetId(), props),
                Unpooled.wrappedBuffer(m.payload()));
    }

    private static MqttProperties properties(OutboundPublish p, Message m) {
        MqttProperties props = new MqttProperties();
        MessageProperties mp = m.properties();
        if (mp.payloadFormatUtf8()) {
            Props.addInt(props, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, 1);
        }
        if (p.expirySeconds() >= 0) {
            Props.addInt(props, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL,
                    (int) Math.min(p.expirySeconds(), 0xFFFFFFFFL));
        }
        if (mp.contentType() != null) {
            Props.addString(props, MqttPropertyType.CONTENT_TYPE, mp.contentType());
        }
        if (mp.responseTopic() != null) {
            Props.addString(props, MqttPropertyType.RESPONSE_TOPIC, mp.responseTopic());
        }
        if (mp.correlationData() != null) {
            Props.addBinary(props, MqttPropertyType.CORRELATION_DATA, mp.correlationData());
        }
        Props.addUserProperties(props, mp.userProperties());
        for (int id : p.subscriptionIds()) {
            Props.addInt(props, MqttPropertyType.SUBSCRIPTION_IDENTIFIER, id);
        }
        return props;
    }

    /**
     * Writes an MQTT 3.1/3.1.1 PUBLISH straight into {@code out}: no packet object and no string encoding per
     * subscriber (the topic's UTF-8 bytes are computed once per message), so fanning one message out costs one
     * small copy per subscriber into that connection's write buffer. MQTT 3 has no maximum packet size.
     */
    public static void encodeV3(OutboundPublish p, ByteBuf out) {
        Message m = p.message();
        byte[] topic = m.topicUtf8();
        byte[] payload = m.payload();
        int qos = p.qos();
        int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + payload.length;
        out.ensureWritable(5 + remaining);
        out.writeByte(0x30 | (p.dup() ? 0x08 : 0) | qos << 1 | (p.retain() ? 0x01 : 0));
        writeVarInt(out, remaining);
        out.writeShort(topic.length);
        out.writeBytes(topic);
        if (qos > 0) {
            out.writeShort(p.packetId());
        }
        out.writeBytes(payload);
    }

    /** A variable byte integer (MQTT 5.0 §1.5.5). */
    static void writeVarInt(ByteBuf out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    /** The encoded size of the PUBLISH in bytes (fixed header included). */
    static long size(String topic, int qos, MqttProperties props, int payloadLength, boolean mqtt5) {
        long remaining = 2L + ByteBufUtil.utf8Bytes(topic) + (qos > 0 ? 2 : 0) + payloadLength;
        if (mqtt5) {
            long propLen = propertiesLength(props);
            remaining += varIntSize(propLen) + propLen;
        }
        return 1 + varIntSize(remaining) + remaining;
    }

    private static long propertiesLength(MqttProperties props) {
        long len = 0;
        for (MqttProperties.MqttProperty<?> p : props.listAll()) {
            len += 1;
            int id = p.propertyId();
            Object v = p.value();
            if (id == MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()) {
                len += varIntSize((Integer) v);
            } else if (v instanceof Integer) {
                len += id == MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value() ? 1
                        : id == MqttPropertyType.TOPIC_ALIAS.value() ? 2 : 4;
            } else if (v instanceof String) {
                len += 2 + ByteBufUtil.utf8Bytes((String) v);
            } else if (v instanceof byte[]) {
                len += 2 + ((byte[]) v).length;
            } else if (p instanceof MqttProperties.UserProperties) {
                len -= 1;
                for (MqttProperties.StringPair pair : ((MqttProperties.UserProperties) p).value()) {
                    len += 1 + 2 + ByteBufUtil.utf8Bytes(pair.key) + 2 + ByteBufUtil.utf8Bytes(pair.value);
                }
            } else if (p instanceof MqttProperties.UserProperty) {
                MqttProperties.StringPair pair = ((MqttProperties.UserProperty) p).value();
                len += 2 + ByteBufUtil.utf8Bytes(pair.key) + 2 + ByteBufUtil.utf8Bytes(pair.value);
            }
        }
        return len;
    }

    static int varIntSize(long v) {
        if (v < 128) {
            return 1;
        }
        if (v < 16384) {
            return 2;
        }
        if (v < 2097152) {
            return 3;
        }
        return 4;
    }
}
