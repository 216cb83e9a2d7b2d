package dev.estuary.core.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.message.UserProperty;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Will;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Values survive encoding and decoding unchanged; a record cut short is reported, not misread. */
@Timeout(10)
class RecordsTest {
    private static Decoder decoder(Encoder e) {
        return new Decoder(e.array(), 0, e.size());
    }

    @Test
    void message_with_every_property_round_trips() {
        MessageProperties props = new MessageProperties(true, "application/json", "reply/here",
                new byte[] {1, 2, 3}, List.of(new UserProperty("a", "1"), new UserProperty("a", "2")));
        Message m = Message.builder("t/ü").payload("héllo".getBytes(StandardCharsets.UTF_8)).qos(2).retain(true)
                .publisherId("pub").createdAtMillis(1_700_000_000_000L).expiresAtMillis(1_700_000_060_000L)
                .properties(props).build();
        Encoder e = new Encoder(16);
        Records.message(e, m);
        Message back = Records.message(decoder(e));

        assertThat(back.topic()).isEqualTo("t/ü");
        assertThat(back.payload()).isEqualTo(m.payload());
        assertThat(back.qos()).isEqualTo(2);
        assertThat(back.retain()).isTrue();
        assertThat(back.publisherId()).isEqualTo("pub");
        assertThat(back.createdAtMillis()).isEqualTo(m.createdAtMillis());
        assertThat(back.expiresAtMillis()).isEqualTo(m.expiresAtMillis());
        assertThat(back.properties().payloadFormatUtf8()).isTrue();
        assertThat(back.properties().contentType()).isEqualTo("application/json");
        assertThat(back.properties().responseTopic()).isEqualTo("reply/here");
        assertThat(back.properties().correlationData()).containsExactly(1, 2, 3);
        assertThat(back.properties().userProperties()).isEqualTo(props.userProperties());
    }

    @Test
    void message_without_properties_round_trips_to_none() {
        Message m = Message.builder("t").qos(1).build();
        Encoder e = new Encoder(16);
        Records.message(e, m);
        assertThat(Records.message(decoder(e)).properties()).isSameAs(MessageProperties.NONE);
    }

    @Test
    void client_identity_round_trips_with_its_address() throws Exception {
        ClientInfo c = new ClientInfo("id", "user", new InetSocketAddress(InetAddress.getByName("::1"), 40000),
                "mqtt", 5, "ssl", null, null, 30, 123L, true, false, "cn");
        Encoder e = new Encoder(16);
        Records.client(e, c);
        assertThat(Records.client(decoder(e))).isEqualTo(c);
        ClientInfo device = new ClientInfo("coap:dev1", null, null, "coap", 0, "coap", "coap", "dev1", 0, 0, false,
                true, null);
        e.reset();
        Records.client(e, device);
        assertThat(Records.client(decoder(e))).isEqualTo(device);
    }

    @Test
    void will_and_options_round_trip() {
        Encoder e = new Encoder(16);
        Records.will(e, new Will(Message.builder("w").payload(new byte[] {9}).qos(1).build(), 30));
        Records.will(e, null);
        SubscriptionOptions o = new SubscriptionOptions(1, true, false, RetainHandling.SEND_IF_NEW);
        Records.options(e, o);
        Decoder d = decoder(e);
        Will w = Records.will(d);
        assertThat(w.delaySeconds()).isEqualTo(30);
        assertThat(w.message().payload()).containsExactly(9);
        assertThat(Records.will(d)).isNull();
        assertThat(Records.options(d)).isEqualTo(o);
        assertThat(d.hasMore()).isFalse();
    }

    @Test
    void record_cut_short_raises_corrupt_record() {
        Encoder e = new Encoder(16);
        Records.message(e, Message.builder("topic").payload(new byte[100]).build());
        Decoder cut = new Decoder(e.array(), 0, e.size() - 10);
        assertThatThrownBy(() -> Records.message(cut)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void varints_cover_the_long_range() {
        Encoder e = new Encoder(1);
        long[] values = {0, 1, 127, 128, 65535, Integer.MAX_VALUE, Long.MAX_VALUE, -1};
        for (long v : values) {
            e.varint(v);
        }
        Decoder d = decoder(e);
        for (long v : values) {
            assertThat(d.varint()).isEqualTo(v);
        }
    }
}
