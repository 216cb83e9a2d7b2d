package dev.estuary.adapter.tcp.sdk;

import java.nio.ByteBuffer;

/**
 * Bytes to messages and back for one connection. Called on the connection's thread only, one call at a time.
 *
 * @param <M> the vendor's message type
 */
public interface VendorCodec<M> {
    /**
     * Decodes the frame at the start of {@code in}. The buffer is read-only, big-endian, positioned at the first
     * byte not yet consumed and limited to the bytes received so far; do not keep it after returning. Return
     * {@link Decoded#needMore} until a whole frame is there (with its length once the header tells it, so an
     * oversized frame is refused before it is buffered), {@link Decoded#frame} with the frame's length and
     * message, {@link Decoded#skip} to drop garbage and continue, or {@link Decoded#invalid} to close the
     * connection. An exception is treated as a bug in the codec: the connection is closed and the error logged.
     */
    Decoded<M> decode(ByteBuffer in);

    /** Encodes a message for the device. */
    byte[] encode(M message);
}
