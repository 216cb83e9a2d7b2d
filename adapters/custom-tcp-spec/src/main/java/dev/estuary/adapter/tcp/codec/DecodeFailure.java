package dev.estuary.adapter.tcp.codec;

/**
 * What {@link FrameDecoder} emits instead of a frame when the input breaks the specification (Netty's
 * {@code DecoderResult.failure} style): the connection handler answers with an ERROR frame and closes; the decoder
 * discards every further byte.
 *
 * @param code   the ERROR code (§5.4)
 * @param detail what exactly was wrong, citing the spec section
 */
public record DecodeFailure(ErrorCode code, String detail) {
    static DecodeFailure of(ErrorCode code, String detail) {
        return new DecodeFailure(code, detail + " (spec §" + code.section() + ")");
    }
}
