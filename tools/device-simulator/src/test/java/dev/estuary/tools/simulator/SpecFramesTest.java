package dev.estuary.tools.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator's own implementation of the framing, against the specification's numbers. */
@Timeout(10)
class SpecFramesTest {

    @Test
    void crc_has_the_check_value_of_the_specification() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(SpecFrames.crc16(b, 0, b.length)).isEqualTo(0x29B1);
    }

    @Test
    void hello_of_section_11_1_is_encoded_byte_for_byte() {
        byte[] hello = SpecFrames.encode(SpecFrames.HELLO, 0, SpecFrames.hello(60, 1024, "meter-9", "meter-9",
                "s3cret".getBytes(StandardCharsets.UTF_8)), true);
        assertThat(HexFormat.of().withUpperCase().formatHex(hello)).isEqualTo(
                "4553010101" + "1D" + "003C" + "00000400" + "076D657465722D39" + "076D657465722D39"
                        + "06733363726574" + "A08E");
    }

    @Test
    void a_frame_with_a_two_byte_length_and_crc_reads_back() throws Exception {
        byte[] frame = SpecFrames.encode(SpecFrames.UPLINK, SpecFrames.FLAG_DUP,
                SpecFrames.uplink(5, SpecFrames.OCTET_STREAM, "c", new byte[200]), true);
        assertThat(frame[5] & 0xFF).isEqualTo(0x80 | (205 & 0x7F));
        SpecFrames.Frame f = SpecFrames.read(new ByteArrayInputStream(frame));
        assertThat(f.type()).isEqualTo(SpecFrames.UPLINK);
        assertThat(f.dup()).isTrue();
        assertThat(f.u16(0)).isEqualTo(5);
        assertThat(f.str8(3)).isEqualTo("c");
        assertThat(f.rest(5)).hasSize(200);
    }

    @Test
    void a_corrupted_crc_is_detected() {
        byte[] frame = SpecFrames.encode(SpecFrames.PING, 0, new byte[0], true);
        frame[frame.length - 1] ^= 1;
        assertThatThrownBy(() -> SpecFrames.read(new ByteArrayInputStream(frame)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("CRC");
    }
}
