package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * {@link Frame}s to bytes (spec §3): header, body and, when the connection uses CRCs, the CRC-16 (§3.8). The
 * buffer is allocated at its exact size. One instance per channel (the CRC mode is per connection).
 */
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
    private volatile boolean crc;

    public FrameEncoder() {
        super(Frame.class);
    }

    /** Whether frames get a CRC: the gateway mirrors the device's HELLO (§3.8). */
    public void crc(boolean v) {
        this.crc = v;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame frame, boolean preferDirect) {
        return ctx.alloc().ioBuffer(encodedLength(frame, crc));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        write(frame, crc, out);
    }

    /** The encoded size of a frame. */
    public static int encodedLength(Frame frame, boolean crc) {
        int body = frame.bodyLength();
        return FrameHeader.FIXED_BYTES + FrameHeader.lengthBytes(body) + body + (crc ? FrameHeader.CRC_BYTES : 0);
    }

    /** Writes one frame. */
    public static void write(Frame frame, boolean crc, ByteBuf out) {
        int start = out.writerIndex();
        int body = frame.bodyLength();
        out.writeByte(FrameHeader.MAGIC_0);
        out.writeByte(FrameHeader.MAGIC_1);
        out.writeByte(FrameHeader.VERSION);
        out.writeByte(frame.type().code());
        out.writeByte(frame.flags() | (crc ? FrameHeader.FLAG_CRC : 0));
        FrameHeader.writeLength(out, body);
        int bodyStart = out.writerIndex();
        frame.writeBody(out);
        if (out.writerIndex() - bodyStart != body) {
            throw new IllegalStateException(frame.type() + " wrote " + (out.writerIndex() - bodyStart)
                    + " body bytes, announced " + body);
        }
        if (crc) {
            out.writeShort(Crc16.of(out, start, out.writerIndex() - start));
        }
    }

    /** One frame as bytes (tests, tools). */
    public static byte[] toBytes(Frame frame, boolean crc) {
        ByteBuf buf = Unpooled.buffer(encodedLength(frame, crc));
        try {
            write(frame, crc, buf);
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            return b;
        } finally {
            buf.release();
        }
    }
}
