package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/**
 * One frame of the framing (spec §4), without its header. Immutable records; {@link #describe()} is the one-line
 * form used in logs and in the worked examples of the specification (which a test decodes).
 */
public sealed interface Frame permits HelloFrame, HelloAckFrame, UplinkFrame, DownlinkFrame, AckFrame, NackFrame,
        PingFrame, PongFrame, GoodbyeFrame, ErrorFrame {

    FrameType type();

    /** Flag bits other than CRC that this frame sets (DUP, spec §3.5). */
    default int flags() {
        return 0;
    }

    /** The body length in bytes. */
    int bodyLength();

    /** Writes the body (exactly {@link #bodyLength()} bytes). */
    void writeBody(ByteBuf out);

    /** One line: the type and every field, e.g. {@code PING} or {@code ACK message_id=7}. */
    String describe();
}
