package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/** PING (spec §4.7): the device checks that the gateway is alive; the body is empty. */
public record PingFrame() implements Frame {
    public static final PingFrame INSTANCE = new PingFrame();

    @Override
    public FrameType type() {
        return FrameType.PING;
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
        return "PING";
    }
}
