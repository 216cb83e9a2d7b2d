package dev.estuary.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.bench.load.CoapCodec.Message;
import dev.estuary.bench.load.Lwm2mUplinks.Notification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator's CoAP codec and LwM2M notification template against Californium's parser and serializer,
 * an independent implementation of RFC 7252.
 */
@Timeout(30)
class CoapCodecTest {
    private static final byte[] TOKEN = {1, 2, 3, 4, 5, 6, 7, 8};

    private final UdpDataParser californium = new UdpDataParser();

    @Test
    void register_request_parses_as_the_lwm2m_registration() {
        byte[] wire = Lwm2mUplinks.registerRequest("bench-d7", 0xBEEF, new byte[] {'R', 0, 0, 7});

        Request r = (Request) californium.parseMessage(wire);

        assertThat(r.getType()).isEqualTo(CoAP.Type.CON);
        assertThat(r.getCode()).isEqualTo(CoAP.Code.POST);
        assertThat(r.getMID()).isEqualTo(0xBEEF);
        assertThat(r.getToken().getBytes()).containsExactly('R', 0, 0, 7);
        assertThat(r.getOptions().getUriPathString()).isEqualTo("rd");
        assertThat(r.getOptions().getUriQuery()).containsExactly("ep=bench-d7", "lt=300", "lwm2m=1.1", "b=U");
        assertThat(r.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_LINK_FORMAT);
        assertThat(r.getPayloadString()).isEqualTo("</>;rt=\"oma.lwm2m\",</1/0>,</3/0>,</3303/0>");
    }

    @Test
    void notification_carries_the_patched_message_id_sequence_number_and_value() {
        Notification n = Notification.of(TOKEN, false);
        byte[] value = new byte[Lwm2mUplinks.VALUE_LEN];
        Lwm2mUplinks.formatValue(12_345_678_901L, value); // 12,345.678 ms (the last µs digit is dropped)
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeByte(0x77); // a template may be written behind other bytes: patches are relative
            n.writeTo(buf, 0xABCD, 0x123456, value);
            byte[] wire = new byte[buf.readableBytes() - 1];
            buf.getBytes(1, wire);

            Response r = (Response) californium.parseMessage(wire);

            assertThat(r.getType()).isEqualTo(CoAP.Type.NON);
            assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.CONTENT);
            assertThat(r.getMID()).isEqualTo(0xABCD);
            assertThat(r.getToken().getBytes()).isEqualTo(TOKEN);
            assertThat(r.getOptions().getObserve()).isEqualTo(0x123456);
            assertThat(r.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.TEXT_PLAIN);
            assertThat(r.getPayloadString()).isEqualTo("0012345.678");
        } finally {
            buf.release();
        }
    }

    @Test
    void confirmable_notification_is_con_and_patching_twice_leaves_no_trace_of_the_first() {
        Notification n = Notification.of(new byte[] {9}, true);
        byte[] value = new byte[Lwm2mUplinks.VALUE_LEN];
        ByteBuf buf = Unpooled.buffer();
        try {
            Lwm2mUplinks.formatValue(9_999_999_999_999L, value);
            n.writeTo(buf, 0xFFFF, 0xFFFFFF, value);
            buf.clear();
            Lwm2mUplinks.formatValue(1_000L, value);
            n.writeTo(buf, 1, 0, value);
            byte[] wire = new byte[buf.readableBytes()];
            buf.getBytes(0, wire);

            Response r = (Response) californium.parseMessage(wire);

            assertThat(r.getType()).isEqualTo(CoAP.Type.CON);
            assertThat(r.getMID()).isEqualTo(1);
            assertThat(r.getOptions().getObserve()).isZero();
            assertThat(r.getPayloadString()).isEqualTo("0000000.001");
        } finally {
            buf.release();
        }
    }

    @Test
    void parser_reads_an_observe_request_that_californium_encodes() {
        Request get = Request.newGet();
        get.setType(CoAP.Type.CON);
        get.setMID(4711);
        get.setToken(new Token(TOKEN));
        get.getOptions().setUriPath("3303/0/5700").setObserve(0).setAccept(MediaTypeRegistry.TEXT_PLAIN);
        get.getOptions().addUriQuery("q=" + "x".repeat(100)); // extended option length, one byte (nibble 13)
        get.getOptions().setProxyUri("coap://h/" + "y".repeat(300)); // two bytes (nibble 14)
        byte[] wire = new UdpDataSerializer().getByteArray(get);

        Message m = CoapCodec.parse(Unpooled.wrappedBuffer(wire));

        assertThat(m.type()).isEqualTo(CoapCodec.CON);
        assertThat(m.code()).isEqualTo(CoapCodec.GET);
        assertThat(m.isRequest()).isTrue();
        assertThat(m.mid()).isEqualTo(4711);
        assertThat(m.token()).isEqualTo(TOKEN);
        assertThat(m.uriPath()).isEqualTo("3303/0/5700");
        assertThat(m.observe()).isZero();
        assertThat(m.accept()).isZero();
        assertThat(m.first(CoapCodec.URI_QUERY).textValue()).hasSize(102);
        assertThat(m.first(35).textValue()).hasSize(309);
        assertThat(m.unknownCriticalOption()).isEqualTo(-1);
        assertThat(m.payload()).isEmpty();
    }

    @Test
    void parser_reads_a_created_response_with_its_location_path() {
        Response created = new Response(CoAP.ResponseCode.CREATED);
        created.setType(CoAP.Type.ACK);
        created.setMID(17);
        created.setToken(new Token(new byte[] {'R', 0, 0, 1}));
        created.getOptions().setLocationPath("rd/5a3f");
        created.setPayload("registered");
        byte[] wire = new UdpDataSerializer().getByteArray(created);

        Message m = CoapCodec.parse(Unpooled.wrappedBuffer(wire));

        assertThat(m.isResponse()).isTrue();
        assertThat(m.type()).isEqualTo(CoapCodec.ACK);
        assertThat(m.code()).isEqualTo(CoapCodec.CREATED);
        assertThat(CoapCodec.codeText(m.code())).isEqualTo("2.01");
        assertThat(m.locationPath()).isEqualTo("rd/5a3f");
        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("registered");
    }

    @Test
    void parser_refuses_malformed_datagrams() {
        assertThatThrownBy(() -> CoapCodec.parse(Unpooled.wrappedBuffer(new byte[] {0x40, 1, 0})))
                .isInstanceOf(IllegalArgumentException.class);
        // token length 8 but only 2 bytes follow the header
        assertThatThrownBy(() -> CoapCodec.parse(Unpooled.wrappedBuffer(new byte[] {0x48, 1, 0, 1, 5, 5})))
                .isInstanceOf(IllegalArgumentException.class);
        // payload marker without payload
        assertThatThrownBy(() -> CoapCodec.parse(Unpooled.wrappedBuffer(new byte[] {0x40, 1, 0, 1, (byte) 0xFF})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void send_time_is_read_back_from_the_number_formats_the_gateway_prints() {
        long epoch = 5_000_000_000L;
        byte[] value = new byte[Lwm2mUplinks.VALUE_LEN];
        Lwm2mUplinks.formatValue(12_345_678_000L, value);
        // the gateway parses the text as a double and prints it as JSON (Jackson: Double.toString)
        String printed = Double.toString(Double.parseDouble(new String(value, StandardCharsets.US_ASCII)));
        assertThat(printed).isEqualTo("12345.678");

        assertThat(sent("{\"path\":\"/3303/0/5700\",\"value\":" + printed + ",\"type\":\"FLOAT\"}", epoch))
                .isEqualTo(epoch + 12_345_678_000L);
        assertThat(sent("{\"value\":1.2345678E7}", epoch)).isEqualTo(epoch + 12_345_678_000_000L);
        assertThat(sent("{\"value\":0.0,\"type\":\"FLOAT\"}", epoch)).isEqualTo(epoch);
        assertThat(sent("{\"value\":\"text\"}", epoch)).isEqualTo(Long.MIN_VALUE);
        assertThat(sent("{\"path\":\"/3303/0/5700\"}", epoch)).isEqualTo(Long.MIN_VALUE);
    }

    private static long sent(String json, long epoch) {
        ByteBuf in = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        return Lwm2mUplinks.sentNanos(in, 0, in.writerIndex(), epoch);
    }
}
