package dev.estuary.adapter.tcp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes every hex example of {@code docs/custom-tcp-spec.md} (the {@code frame} code blocks) and checks it
 * against the block's {@code =>} line; valid frames must also re-encode to the same bytes. The document and the
 * implementation cannot drift apart.
 */
@Timeout(10)
class SpecExamplesTest {

    /**
     * One example block.
     *
     * @param line     the line of the block in the document
     * @param bytes    the bytes
     * @param expected the text after {@code =>}
     */
    record Example(int line, byte[] bytes, String expected) {
        @Override
        public String toString() {
            return "custom-tcp-spec.md:" + line + " => " + expected;
        }
    }

    static Path spec() {
        String p = System.getProperty("spec.file", "../../docs/custom-tcp-spec.md");
        return Path.of(p);
    }

    static List<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(spec(), StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals("```frame")) {
                continue;
            }
            int start = i + 1;
            StringBuilder hex = new StringBuilder();
            String expected = null;
            for (i = start; !lines.get(i).trim().equals("```"); i++) {
                String l = lines.get(i);
                if (l.startsWith("=>")) {
                    expected = l.substring(2).trim();
                    continue;
                }
                String bytesPart = l.contains("|") ? l.substring(0, l.indexOf('|')) : l;
                for (String tok : bytesPart.trim().split("\\s+")) {
                    if (!tok.isEmpty()) {
                        if (!tok.matches("[0-9A-Fa-f]{2}")) {
                            throw new IllegalStateException("line " + (i + 1) + ": not a hex byte: " + tok);
                        }
                        hex.append(tok);
                    }
                }
            }
            if (expected == null) {
                throw new IllegalStateException("the frame block at line " + start + " has no => line");
            }
            out.add(new Example(start, HexFormat.of().parseHex(hex), expected));
        }
        return out;
    }

    static Stream<Example> everyExample() throws IOException {
        return examples().stream();
    }

    @Test
    void the_specification_has_examples_of_every_frame_type_and_every_framing_error() throws IOException {
        List<Example> all = examples();
        for (FrameType t : FrameType.values()) {
            assertThat(all).as("an example of " + t).anyMatch(e -> e.expected().startsWith(t.name() + " ")
                    || e.expected().equals(t.name()));
        }
        for (ErrorCode c : List.of(ErrorCode.BAD_MAGIC, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.UNKNOWN_TYPE,
                ErrorCode.RESERVED_FLAGS, ErrorCode.MALFORMED_LENGTH, ErrorCode.FRAME_TOO_LARGE,
                ErrorCode.CRC_MISMATCH, ErrorCode.MALFORMED_BODY)) {
            assertThat(all).as("an example of " + c).anyMatch(e -> e.expected().equals("failure " + c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyExample")
    void the_hex_example_decodes_to_what_the_specification_says(Example e) {
        ByteBuf in = Unpooled.wrappedBuffer(e.bytes());
        Object result = FrameDecoder.decodeOne(in, 65535);
        if (result == null) {
            assertThat(e.expected()).isEqualTo("incomplete");
        } else if (result instanceof DecodeFailure f) {
            assertThat("failure " + f.code()).isEqualTo(e.expected());
        } else {
            Frame frame = (Frame) result;
            assertThat(frame.describe()).isEqualTo(e.expected());
            assertThat(in.readableBytes()).as("bytes after the frame").isZero();
            boolean crc = (e.bytes()[4] & FrameHeader.FLAG_CRC) != 0;
            assertThat(FrameEncoder.toBytes(frame, crc)).as("re-encoded").isEqualTo(e.bytes());
        }
    }
}
