package dev.estuary.adapter.tcp.sdk;

import java.util.Objects;

/**
 * What a {@link VendorCodec} found at the start of its input.
 *
 * @param <M> the vendor's message type
 */
public final class Decoded<M> {
    /** The kinds of outcome. */
    public enum Kind {
        /** Not a whole frame yet. */
        NEED_MORE,
        /** A frame of {@link #length()} bytes carrying {@link #message()}. */
        FRAME,
        /** {@link #length()} bytes of garbage to drop; decoding continues after them. */
        SKIP,
        /** The input breaks the protocol: the connection is closed. */
        INVALID
    }

    private static final Decoded<?> NEED_MORE = new Decoded<>(Kind.NEED_MORE, -1, null, null);

    private final Kind kind;
    private final int length;
    private final M message;
    private final String reason;

    private Decoded(Kind kind, int length, M message, String reason) {
        this.kind = kind;
        this.length = length;
        this.message = message;
        this.reason = reason;
    }

    /** Not a whole frame yet, length unknown. */
    @SuppressWarnings("unchecked")
    public static <M> Decoded<M> needMore() {
        return (Decoded<M>) NEED_MORE;
    }

    /**
     * Not a whole frame yet; the frame will be {@code frameLength} bytes long. A length beyond
     * {@link VendorProtocol#maxFrameLength()} closes the connection before the frame is buffered.
     */
    public static <M> Decoded<M> needMore(int frameLength) {
        return new Decoded<>(Kind.NEED_MORE, frameLength, null, null);
    }

    /** A frame: {@code length} bytes consumed, {@code message} handed to {@link VendorHandler#onMessage}. */
    public static <M> Decoded<M> frame(int length, M message) {
        if (length <= 0) {
            throw new IllegalArgumentException("a frame has at least one byte");
        }
        return new Decoded<>(Kind.FRAME, length, Objects.requireNonNull(message, "message"), null);
    }

    /** Drop {@code bytes} bytes (line noise before a start byte, say) and go on decoding. */
    public static <M> Decoded<M> skip(int bytes, String reason) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("skip at least one byte");
        }
        return new Decoded<>(Kind.SKIP, bytes, null, reason);
    }

    /** The input breaks the protocol; {@code reason} is logged with the peer and the connection closed. */
    public static <M> Decoded<M> invalid(String reason) {
        return new Decoded<>(Kind.INVALID, -1, null, Objects.requireNonNull(reason, "reason"));
    }

    public Kind kind() {
        return kind;
    }

    /** FRAME, SKIP: bytes consumed; NEED_MORE: the announced frame length or -1. */
    public int length() {
        return length;
    }

    public M message() {
        return message;
    }

    public String reason() {
        return reason;
    }
}
