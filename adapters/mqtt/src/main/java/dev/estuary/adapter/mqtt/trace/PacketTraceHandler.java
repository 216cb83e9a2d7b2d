package dev.estuary.adapter.mqtt.trace;

import dev.estuary.core.trace.TraceManager;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * Reports every MQTT packet in and out of one connection to the {@link TraceManager}: to the traces of its client
 * id, and (PUBLISH) to the traces whose topic filter matches. Sits next to the connection handler, so it sees the
 * decoded packets and the packets the connection writes. When no trace runs it costs one volatile read per packet.
 * The client id is learned from CONNECT (or the Assigned Client Identifier of CONNACK). Topic aliases are resolved
 * while a trace runs.
 */
public final class PacketTraceHandler extends ChannelDuplexHandler {
    private final TraceManager traces;
    private String clientId = "";
    private Map<Integer, String> inboundAliases;
    private Map<Integer, String> outboundAliases;

    public PacketTraceHandler(TraceManager traces) {
        this.traces = traces;
    }

    /**
     * True while any trace runs: the connection then writes packet objects (which this handler sees) instead of
     * the bytes it otherwise encodes straight into its batch buffer.
     */
    public boolean tracing() {
        return traces.active();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage m) {
            if (m instanceof MqttConnectMessage c && c.decoderResult().isSuccess()
                    && c.payload().clientIdentifier() != null) {
                clientId = c.payload().clientIdentifier();
            }
            if (traces.active()) {
                report("IN", m);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof MqttMessage m) {
            if (m instanceof MqttConnAckMessage ack) {
                MqttProperties.MqttProperty<?> assigned = ack.variableHeader().properties().getProperty(
                        MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value());
                if (assigned != null) {
                    clientId = String.valueOf(assigned.value());
                }
            }
            if (traces.active()) {
                report("OUT", m);
            }
        }
        ctx.write(msg, promise);
    }

    private void report(String direction, MqttMessage m) {
        String topic = null;
        if (m instanceof MqttPublishMessage p && p.decoderResult().isSuccess()) {
            topic = resolve(p, direction.equals("IN"));
        }
        boolean byClient = traces.tracesClient(clientId);
        boolean byTopic = topic != null && traces.tracesTopic(topic);
        if (!byClient && !byTopic) {
            return;
        }
        String text = direction + " " + PacketFormat.describe(m, traces);
        if (byClient) {
            traces.clientLine(clientId, text);
        }
        if (byTopic) {
            traces.topicLine(clientId, topic, text);
        }
    }

    /** The PUBLISH's topic, through its topic alias if it has one. */
    private String resolve(MqttPublishMessage p, boolean inbound) {
        String topic = p.variableHeader().topicName();
        MqttProperties.MqttProperty<?> alias = p.variableHeader().properties().getProperty(
                MqttProperties.MqttPropertyType.TOPIC_ALIAS.value());
        if (alias == null) {
            return topic;
        }
        Map<Integer, String> aliases = inbound ? inboundAliases : outboundAliases;
        if (aliases == null) {
            aliases = new HashMap<>();
            if (inbound) {
                inboundAliases = aliases;
            } else {
                outboundAliases = aliases;
            }
        }
        Integer key = (Integer) alias.value();
        if (topic.isEmpty()) {
            return aliases.get(key);
        }
        aliases.put(key, topic);
        return topic;
    }
}
