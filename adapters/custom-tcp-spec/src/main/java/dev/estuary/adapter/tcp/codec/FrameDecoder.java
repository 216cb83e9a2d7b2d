package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Bytes to {@link Frame}s (spec §3, §4). Every check happens as soon as the bytes it needs have arrived, and the
 * length is checked against the maximum before the body is waited for, so an oversized frame is refused without
 * buffering it. A violation is emitted as a {@link DecodeFailure} value, after which every further byte is
 * discarded. A frame whose first byte has arrived must be complete within the frame timeout (§7.2), so a peer that
 * trickles bytes cannot hold the connection; the timer is paused while the connection is not reading
 * (back-pressure is not the peer's fault). One instance per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final PartialFrameTimer frameTimer;
    private int maxBody;
    private boolean discarding;

    /**
     * @param maxBody             the largest body accepted (§7.1)
     * @param frameTimeoutMillis  how long a started frame may take to arrive (§7.2); 0 for no limit
     */
    public FrameDecoder(int maxBody, long frameTimeoutMillis) {
        this.maxBody = maxBody;
        this.frameTimer = new PartialFrameTimer(frameTimeoutMillis);
    }

    /** Changes the maximum body (raised once the HELLO is accepted, §7.1). Call on the channel's event loop. */
    public void maxBody(int v) {
        this.maxBody = v;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        Object result = decodeOne(in, maxBody);
        if (result == null) {
            frameTimer.incomplete(ctx, waited -> {
                discard(internalBuffer());
                ctx.fireChannelRead(DecodeFailure.of(ErrorCode.FRAME_TIMEOUT, "a frame started " + waited
                        + " ms ago is still incomplete"));
            });
            return;
        }
        frameTimer.complete();
        out.add(result);
        if (result instanceof DecodeFailure) {
            discard(in);
        }
    }

    private void discard(ByteBuf in) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        frameTimer.cancel();
    }

    /**
     * Decodes one frame from the start of {@code in}: a {@link Frame} (its bytes consumed), a
     * {@link DecodeFailure}, or null when more bytes are needed (nothing consumed).
     */
    public static Object decodeOne(ByteBuf in, int maxBody) {
        int start = in.readerIndex();
        int n = in.readableBytes();
        // §3.2: a frame starts with the two magic bytes 0x45 0x53; each is checked as soon as it arrives
        if (n < 1) {
            return null;
        }
        if (in.getUnsignedByte(start) != FrameHeader.MAGIC_0) {
            return badMagic(in.getUnsignedByte(start), 0);
        }
        if (n < 2) {
            return null;
        }
        if (in.getUnsignedByte(start + 1) != FrameHeader.MAGIC_1) {
            return badMagic(in.getUnsignedByte(start + 1), 1);
        }
        if (n < 3) {
            return null;
        }
        // §3.3: the version byte; this implementation speaks version 1 only
        int version = in.getUnsignedByte(start + 2);
        if (version != FrameHeader.VERSION) {
            return DecodeFailure.of(ErrorCode.UNSUPPORTED_VERSION, "version " + version
                    + " is not supported; supported: 1");
        }
        if (n < 4) {
            return null;
        }
        // §3.4: the type byte must name a frame type of this version
        int typeCode = in.getUnsignedByte(start + 3);
        FrameType type = FrameType.of(typeCode);
        if (type == null) {
            return DecodeFailure.of(ErrorCode.UNKNOWN_TYPE, String.format("frame type 0x%02x is not defined",
                    typeCode));
        }
        if (n < 5) {
            return null;
        }
        // §3.5: reserved flag bits must be 0; DUP is defined only for UPLINK and DOWNLINK
        int flags = in.getUnsignedByte(start + 4);
        int allowed = FrameHeader.FLAG_CRC | (type.allowsDup() ? FrameHeader.FLAG_DUP : 0);
        if ((flags & ~allowed) != 0) {
            return DecodeFailure.of(ErrorCode.RESERVED_FLAGS, String.format("flags 0x%02x set bits not defined "
                    + "for %s", flags & ~allowed, type));
        }
        // §3.6: the length, 1 to 3 bytes, 7 bits each, least significant first, minimal encoding
        int length = 0;
        int lengthBytes = 0;
        while (true) {
            if (n < FrameHeader.FIXED_BYTES + lengthBytes + 1) {
                return null;
            }
            int b = in.getUnsignedByte(start + FrameHeader.FIXED_BYTES + lengthBytes);
            length |= (b & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
            if ((b & 0x80) == 0) {
                if (lengthBytes > 1 && b == 0) {
                    return DecodeFailure.of(ErrorCode.MALFORMED_LENGTH, "the length field is not minimally "
                            + "encoded");
                }
                break;
            }
            if (lengthBytes == FrameHeader.MAX_LENGTH_BYTES) {
                return DecodeFailure.of(ErrorCode.MALFORMED_LENGTH, "the length field is longer than 3 bytes");
            }
        }
        // §7.1: refuse an oversized body before waiting for (or allocating) it
        if (length > maxBody) {
            return DecodeFailure.of(ErrorCode.FRAME_TOO_LARGE, "body of " + length + " bytes exceeds the maximum "
                    + "of " + maxBody);
        }
        boolean crc = (flags & FrameHeader.FLAG_CRC) != 0;
        int headerBytes = FrameHeader.FIXED_BYTES + lengthBytes;
        int total = headerBytes + length + (crc ? FrameHeader.CRC_BYTES : 0);
        if (n < total) {
            return null;
        }
        // §3.8: CRC-16/CCITT-FALSE over header and body, big-endian after the body
        if (crc) {
            int sent = in.getUnsignedShort(start + headerBytes + length);
            int computed = Crc16.of(in, start, headerBytes + length);
            if (sent != computed) {
                return DecodeFailure.of(ErrorCode.CRC_MISMATCH, String.format("CRC 0x%04x received, 0x%04x "
                        + "computed", sent, computed));
            }
        }
        Frame frame;
        try {
            frame = body(type, new BodyReader(in, start + headerBytes, length), flags);
        } catch (MalformedBodyException e) {
            // §3.7: the body must match the layout of its type exactly
            return DecodeFailure.of(ErrorCode.MALFORMED_BODY, type + ": " + e.getMessage());
        }
        in.skipBytes(total);
        return frame;
    }

    private static DecodeFailure badMagic(int got, int index) {
        return DecodeFailure.of(ErrorCode.BAD_MAGIC, String.format("byte %d of the frame is 0x%02x, expected 0x%02x",
                index, got, index == 0 ? FrameHeader.MAGIC_0 : FrameHeader.MAGIC_1));
    }

    private static Frame body(FrameType type, BodyReader r, int flags) throws MalformedBodyException {
        boolean dup = (flags & FrameHeader.FLAG_DUP) != 0;
        switch (type) {
            case HELLO:
                return HelloFrame.read(r, (flags & FrameHeader.FLAG_CRC) != 0);
            case HELLO_ACK:
                return HelloAckFrame.read(r);
            case UPLINK:
                return UplinkFrame.read(r, dup);
            case DOWNLINK:
                return DownlinkFrame.read(r, dup);
            case ACK:
                return AckFrame.read(r);
            case NACK:
                return NackFrame.read(r);
            case PING:
                r.end("PING"); // §4.7: empty body
                return PingFrame.INSTANCE;
            case PONG:
                r.end("PONG"); // §4.8: empty body
                return PongFrame.INSTANCE;
            case GOODBYE:
                return GoodbyeFrame.read(r);
            case ERROR:
                return ErrorFrame.read(r);
            default:
                throw new IllegalStateException("unhandled frame type " + type);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        frameTimer.cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        frameTimer.cancel();
        super.channelInactive(ctx);
    }
}
