package dev.estuary.plugin.meter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.tcp.sdk.Decoded;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The meter frame codec, against the hex example of the plugin's README. */
@Timeout(10)
class MeterCodecTest {
    /** README example: meter 000012345678 logs in with password "12345678", firmware 2.1, sequence 1. */
    static final String LOGIN_HEX = "680000123456780101313233343536373802010000002516";

    private final MeterCodec codec = new MeterCodec();

    @Test
    void the_login_example_of_the_readme_decodes() {
        Decoded<MeterFrame> d = codec.decode(ByteBuffer.wrap(HexFormat.of().parseHex(LOGIN_HEX)));
        assertThat(d.kind()).isEqualTo(Decoded.Kind.FRAME);
        assertThat(d.length()).isEqualTo(24);
        MeterFrame f = d.message();
        assertThat(f.address()).isEqualTo("000012345678");
        assertThat(f.control()).isEqualTo(MeterFrame.LOGIN);
        assertThat(f.seq()).isEqualTo(1);
        assertThat(new String(f.data(), 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("12345678");
        assertThat(HexFormat.of().withUpperCase().formatHex(codec.encode(f))).isEqualTo(LOGIN_HEX);
    }

    @Test
    void an_incomplete_frame_announces_its_length() {
        Decoded<MeterFrame> d = codec.decode(ByteBuffer.wrap(HexFormat.of().parseHex(LOGIN_HEX.substring(0, 20))));
        assertThat(d.kind()).isEqualTo(Decoded.Kind.NEED_MORE);
        assertThat(d.length()).isEqualTo(24);
    }

    @Test
    void line_noise_before_the_start_byte_is_skipped() {
        Decoded<MeterFrame> d = codec.decode(ByteBuffer.wrap(HexFormat.of().parseHex("FFFE00" + LOGIN_HEX)));
        assertThat(d.kind()).isEqualTo(Decoded.Kind.SKIP);
        assertThat(d.length()).isEqualTo(3);
    }

    @Test
    void a_wrong_checksum_is_invalid() {
        byte[] b = HexFormat.of().parseHex(LOGIN_HEX);
        b[22] ^= 1;
        Decoded<MeterFrame> d = codec.decode(ByteBuffer.wrap(b));
        assertThat(d.kind()).isEqualTo(Decoded.Kind.INVALID);
        assertThat(d.reason()).contains("checksum");
    }

    @Test
    void a_non_bcd_address_is_invalid() {
        byte[] b = HexFormat.of().parseHex(LOGIN_HEX);
        b[1] = (byte) 0xA0;
        int sum = 0;
        for (int i = 0; i < 22; i++) {
            sum += b[i] & 0xFF;
        }
        b[22] = (byte) sum;
        assertThat(codec.decode(ByteBuffer.wrap(b)).reason()).contains("BCD");
    }

    @Test
    void a_reading_becomes_the_documented_json() {
        MeterReading r = MeterReading.parse(HexFormat.of().parseHex("0012D687FFFFFF9C08FD01F401"));
        assertThat(r.json()).isEqualTo("{\"energyWh\":1234567,\"powerW\":-100,\"voltageV\":230.1,"
                + "\"currentA\":5.00,\"relay\":\"on\"}");
    }
}
