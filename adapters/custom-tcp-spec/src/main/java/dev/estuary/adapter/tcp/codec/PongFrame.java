package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/** PONG (spec §4.8): the gateway's answer to PING; the body is empty. */
public record PongFrame() implements Frame {
    public static final PongFrame INSTANCE = new PongFrame();

    @Override
    public FrameType type() {
        return FrameType.PONG;
    }

    @Override
    public int bodyLength() {
        return 0;
    }

    @Override
    public void writeBody(ByteBuf out) {
        // empty
    }

    @Override
    public String describe() {
        return "PONG";
    }
}
