package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.mqtt.ChannelAttributes;
import dev.estuary.adapter.mqtt.codec.BridgeProtocolLevelDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BridgeProtocolLevelDecoder}: Mosquitto bridges with {@code try_private true} send protocol level
 * 0x80 | level (0x83 for MQTT 3.1, 0x84 for 3.1.1); the decoder clears the bit on the first packet only and marks
 * the channel as a bridge.
 */
@Timeout(10)
class BridgeProtocolLevelDecoderTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new BridgeProtocolLevelDecoder());
    }

    /** Everything the channel passed on, as one byte array. */
    private static byte[] drain(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readInbound()) != null) {
            try {
                out.writeBytes(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }
        return out.toByteArray();
    }

    private static boolean bridge(EmbeddedChannel ch) {
        return Boolean.TRUE.equals(ch.attr(ChannelAttributes.BRIDGE).get());
    }

    @Test
    void bridge_bit_on_mqtt_3_1_1_is_cleared_and_the_channel_marked() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(MqttBytes.connect("MQTT", 0x84, "mosq-bridge")));
        assertThat(drain(ch)).isEqualTo(MqttBytes.connect("MQTT", 4, "mosq-bridge"));
        assertThat(bridge(ch)).isTrue();
        assertThat(ch.pipeline().get(BridgeProtocolLevelDecoder.class)).as("left the pipeline").isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void bridge_bit_on_mqtt_3_1_is_cleared_and_the_channel_marked() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(MqttBytes.connect("MQIsdp", 0x83, "old-bridge")));
        assertThat(drain(ch)).isEqualTo(MqttBytes.connect("MQIsdp", 3, "old-bridge"));
        assertThat(bridge(ch)).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void ordinary_connect_passes_unchanged_and_is_not_a_bridge() {
        EmbeddedChannel ch = channel();
        byte[] connect = MqttBytes.connect("MQTT", 4, "plain");
        ch.writeInbound(Unpooled.wrappedBuffer(connect));
        assertThat(drain(ch)).isEqualTo(connect);
        assertThat(bridge(ch)).isFalse();
        assertThat(ch.pipeline().get(BridgeProtocolLevelDecoder.class)).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void connect_arriving_one_byte_at_a_time_is_recognised() {
        EmbeddedChannel ch = channel();
        byte[] connect = MqttBytes.connect("MQTT", 0x84, "trickle");
        for (byte b : connect) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(drain(ch)).isEqualTo(MqttBytes.connect("MQTT", 4, "trickle"));
        assertThat(bridge(ch)).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void long_connect_with_a_two_byte_remaining_length_is_recognised() {
        EmbeddedChannel ch = channel();
        String id = "b".repeat(200); // remaining length > 127 takes two bytes
        ch.writeInbound(Unpooled.wrappedBuffer(MqttBytes.connect("MQTT", 0x84, id)));
        assertThat(drain(ch)).isEqualTo(MqttBytes.connect("MQTT", 4, id));
        assertThat(bridge(ch)).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void only_the_first_packet_is_touched() {
        EmbeddedChannel ch = channel();
        byte[] connect = MqttBytes.connect("MQTT", 4, "c");
        // a PUBLISH laid out so that a byte at the CONNECT level position has the 0x80 bit set
        byte[] publish = MqttBytes.publish("MQTT", "\u0080\u0084");
        ch.writeInbound(Unpooled.wrappedBuffer(MqttBytes.concat(connect, publish)));
        ch.writeInbound(Unpooled.wrappedBuffer(MqttBytes.connect("MQTT", 0x84, "second")));
        assertThat(drain(ch)).isEqualTo(MqttBytes.concat(connect, publish, MqttBytes.connect("MQTT", 0x84,
                "second")));
        assertThat(bridge(ch)).isFalse();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void first_packet_that_is_not_connect_passes_unchanged() {
        EmbeddedChannel ch = channel();
        byte[] publish = MqttBytes.publish("t", "x");
        ch.writeInbound(Unpooled.wrappedBuffer(publish));
        assertThat(drain(ch)).isEqualTo(publish);
        assertThat(bridge(ch)).isFalse();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void with_it_netty_decodes_a_bridge_connect_and_without_it_refuses_the_level() {
        EmbeddedChannel with = new EmbeddedChannel(new BridgeProtocolLevelDecoder(), new MqttDecoder());
        with.writeInbound(Unpooled.wrappedBuffer(MqttBytes.connect("MQTT", 0x84, "bridge")));
        MqttConnectMessage connect = with.readInbound();
        assertThat(connect.decoderResult().isSuccess()).isTrue();
        assertThat(connect.variableHeader().version()).isEqualTo(4);
        assertThat(connect.payload().clientIdentifier()).isEqualTo("bridge");
        assertThat(with.finish()).isFalse();

        EmbeddedChannel without = new EmbeddedChannel(new MqttDecoder());
        without.writeInbound(Unpooled.wrappedBuffer(MqttBytes.connect("MQTT", 0x84, "bridge")));
        MqttMessage refused = without.readInbound();
        assertThat(refused.decoderResult().isFailure()).isTrue();
        ReferenceCountUtil.release(refused);
        without.finishAndReleaseAll();
    }
}
