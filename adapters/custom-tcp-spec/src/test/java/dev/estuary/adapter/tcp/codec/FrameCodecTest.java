package dev.estuary.adapter.tcp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.estuary.tools.simulator.SpecFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec on an EmbeddedChannel: every frame type round-trips; every spec violation is a failure value. */
@Timeout(10)
class FrameCodecTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Frame> everyFrameType() {
        return Stream.of(
                new HelloFrame(30, 512, "dev-1", "user", utf8("pw"), false),
                new HelloFrame(0, 0, "ü/+#", "", new byte[0], false),
                new HelloAckFrame(0, 30, 65535, ""),
                HelloAckFrame.refused(HelloResult.NOT_AUTHORIZED, "nope"),
                new UplinkFrame(0, false, ContentFormat.JSON, "a/b", utf8("{}")),
                new UplinkFrame(65535, true, ContentFormat.CBOR, "", new byte[300]),
                new DownlinkFrame(1, false, ContentFormat.TEXT, "relay", utf8("on")),
                new DownlinkFrame(2, true, ContentFormat.OCTET_STREAM, "", new byte[2000]),
                AckFrame.of(5),
                new AckFrame(6, utf8("done")),
                NackFrame.of(7, NackReason.BUSY, "later"),
                PingFrame.INSTANCE,
                PongFrame.INSTANCE,
                GoodbyeFrame.of(GoodbyeReason.SHUTDOWN, "bye"),
                ErrorFrame.of(ErrorCode.MALFORMED_BODY, "x"));
    }

    static Stream<Arguments> everyFrameTypeWithAndWithoutCrc() {
        return everyFrameType().flatMap(f -> Stream.of(Arguments.of(f, false), Arguments.of(f, true)));
    }

    @ParameterizedTest(name = "{0} crc={1}")
    @MethodSource("everyFrameTypeWithAndWithoutCrc")
    void every_frame_type_round_trips_through_encoder_and_decoder(Frame frame, boolean crc) {
        EmbeddedChannel out = new EmbeddedChannel(encoder(crc));
        out.writeOutbound(frame);
        ByteBuf bytes = out.readOutbound();
        assertFalse(out.finish());
        byte[] raw = new byte[bytes.readableBytes()];
        bytes.getBytes(bytes.readerIndex(), raw);

        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(1 << 20, 0));
        in.writeInbound(bytes);
        Frame decoded = in.readInbound();
        assertThat(decoded.describe()).isEqualTo(frame.type() == FrameType.HELLO
                ? ((HelloFrame) frame).describe() + (crc ? " crc" : "") : frame.describe());
        assertThat(FrameEncoder.toBytes(decoded, crc)).isEqualTo(raw);
        assertFalse(in.finish());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFrameType")
    void frames_written_by_the_independent_simulator_codec_decode_the_same(Frame frame) {
        byte[] body = FrameEncoder.toBytes(frame, false);
        byte[] header = new byte[] {body[0], body[1], body[2], body[3], body[4]};
        int bodyStart = 5 + FrameHeader.lengthBytes(frame.bodyLength());
        byte[] simulatorBytes = SpecFrames.encode(header[3], header[4],
                java.util.Arrays.copyOfRange(body, bodyStart, body.length), true);
        Object decoded = FrameDecoder.decodeOne(Unpooled.wrappedBuffer(simulatorBytes), 1 << 20);
        assertThat(decoded).isInstanceOf(Frame.class);
        assertThat(FrameEncoder.toBytes((Frame) decoded, true)).isEqualTo(simulatorBytes);
    }

    @Test
    void frames_arriving_one_byte_at_a_time_are_reassembled() {
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(65535, 0));
        byte[] a = FrameEncoder.toBytes(new UplinkFrame(3, false, ContentFormat.TEXT, "t", utf8("hello")), true);
        byte[] b = FrameEncoder.toBytes(PingFrame.INSTANCE, false);
        for (byte x : concat(a, b)) {
            in.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        assertThat(((Frame) in.readInbound()).describe()).isEqualTo(
                "UPLINK message_id=3 format=TEXT channel=\"t\" payload=\"hello\"");
        assertThat(((Frame) in.readInbound()).type()).isEqualTo(FrameType.PING);
        assertFalse(in.finish());
    }

    @Test
    void crc16_has_the_check_value_of_ccitt_false_and_agrees_with_the_simulator() {
        assertThat(Crc16.of(utf8("123456789"))).isEqualTo(0x29B1);
        Random r = new Random(42);
        for (int i = 0; i < 100; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            assertThat(Crc16.of(b)).isEqualTo(SpecFrames.crc16(b, 0, b.length));
        }
    }

    static Stream<Arguments> violations() {
        byte[] ping = FrameEncoder.toBytes(PingFrame.INSTANCE, true);
        ping[ping.length - 1] ^= 1;
        byte[] badUtf8 = new byte[] {0x45, 0x53, 1, 9, 0, 3, 0, (byte) 0xC3, 0x28};
        byte[] shortHello = new byte[] {0x45, 0x53, 1, 1, 0, 3, 0, 60, 0};
        byte[] trailing = new byte[] {0x45, 0x53, 1, 1, 0, 11, 0, 60, 0, 0, 0, 0, 1, 0x41, 0, 0, (byte) 0x99};
        byte[] tinyMaxBody = new byte[] {0x45, 0x53, 1, 1, 0, 10, 0, 0, 0, 0, 0, 10, 1, 0x41, 0, 0};
        byte[] downlinkIdZero = new byte[] {0x45, 0x53, 1, 4, 0, 4, 0, 0, 0, 0};
        byte[] reservedFormat = new byte[] {0x45, 0x53, 1, 3, 0, 4, 0, 0, 9, 0};
        byte[] channelBeyondBody = new byte[] {0x45, 0x53, 1, 3, 0, 5, 0, 0, 0, 9, 0x41};
        return Stream.of(
                Arguments.of("bad first magic byte", new byte[] {0x46}, ErrorCode.BAD_MAGIC),
                Arguments.of("bad second magic byte", new byte[] {0x45, 0x54}, ErrorCode.BAD_MAGIC),
                Arguments.of("version 0", new byte[] {0x45, 0x53, 0}, ErrorCode.UNSUPPORTED_VERSION),
                Arguments.of("type 0", new byte[] {0x45, 0x53, 1, 0}, ErrorCode.UNKNOWN_TYPE),
                Arguments.of("type 0xFF", new byte[] {0x45, 0x53, 1, (byte) 0xFF}, ErrorCode.UNKNOWN_TYPE),
                Arguments.of("reserved flag 0x80", new byte[] {0x45, 0x53, 1, 3, (byte) 0x80}, ErrorCode.RESERVED_FLAGS),
                Arguments.of("DUP on ACK", new byte[] {0x45, 0x53, 1, 5, 2}, ErrorCode.RESERVED_FLAGS),
                Arguments.of("4-byte length", new byte[] {0x45, 0x53, 1, 3, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                        ErrorCode.MALFORMED_LENGTH),
                Arguments.of("non-minimal length", new byte[] {0x45, 0x53, 1, 3, 0, (byte) 0x81, 0},
                        ErrorCode.MALFORMED_LENGTH),
                Arguments.of("length above maximum", new byte[] {0x45, 0x53, 1, 3, 0, (byte) 0x81, 0x08},
                        ErrorCode.FRAME_TOO_LARGE),
                Arguments.of("CRC mismatch", ping, ErrorCode.CRC_MISMATCH),
                Arguments.of("ill-formed UTF-8", badUtf8, ErrorCode.MALFORMED_BODY),
                Arguments.of("HELLO cut short", shortHello, ErrorCode.MALFORMED_BODY),
                Arguments.of("bytes after the last field", trailing, ErrorCode.MALFORMED_BODY),
                Arguments.of("max_body below 64", tinyMaxBody, ErrorCode.MALFORMED_BODY),
                Arguments.of("DOWNLINK with id 0", downlinkIdZero, ErrorCode.MALFORMED_BODY),
                Arguments.of("reserved content format", reservedFormat, ErrorCode.MALFORMED_BODY),
                Arguments.of("str8 beyond the body", channelBeyondBody, ErrorCode.MALFORMED_BODY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void each_violation_is_a_failure_value_and_later_bytes_are_discarded(String name, byte[] input, ErrorCode code) {
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(1024, 0));
        in.writeInbound(Unpooled.wrappedBuffer(input));
        DecodeFailure failure = in.readInbound();
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.detail()).contains("spec §" + code.section());
        in.writeInbound(Unpooled.wrappedBuffer(FrameEncoder.toBytes(PingFrame.INSTANCE, false)));
        assertThat((Object) in.readInbound()).isNull();
        assertFalse(in.finish());
    }

    @Test
    void an_oversized_length_is_refused_before_the_body_arrives() {
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(1024, 0));
        in.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x45, 0x53, 1, 3, 0, (byte) 0x81, 0x08}));
        DecodeFailure failure = in.readInbound();
        assertThat(failure.detail()).contains("body of 1025 bytes exceeds the maximum of 1024");
        assertFalse(in.finish());
    }

    @Test
    void an_incomplete_frame_fails_with_frame_timeout() {
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(1024, 50));
        in.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x45, 0x53, 1, 7}));
        assertThat((Object) in.readInbound()).isNull();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            in.runScheduledPendingTasks();
            return !in.inboundMessages().isEmpty();
        });
        DecodeFailure failure = in.readInbound();
        assertThat(failure.code()).isEqualTo(ErrorCode.FRAME_TIMEOUT);
        assertFalse(in.finish());
    }

    static FrameEncoder encoder(boolean crc) {
        FrameEncoder e = new FrameEncoder();
        e.crc(crc);
        return e;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    static List<Frame> all() {
        return everyFrameType().toList();
    }
}
