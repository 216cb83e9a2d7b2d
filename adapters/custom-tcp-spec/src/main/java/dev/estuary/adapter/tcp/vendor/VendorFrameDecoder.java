package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.codec.PartialFrameTimer;
import dev.estuary.adapter.tcp.sdk.Decoded;
import dev.estuary.adapter.tcp.sdk.VendorCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a vendor's {@link VendorCodec} on the bytes of one connection and enforces the limits the vendor cannot
 * forget: never more than {@code maxFrameLength} bytes buffered for one frame (an announced length beyond it is
 * refused before buffering), a frame timeout against peers that trickle bytes, and a codec that throws or claims
 * bytes it was not given is a bug, not a crash. Failures are emitted as {@link VendorFailure} values and every
 * further byte is discarded.
 */
final class VendorFrameDecoder<M> extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(VendorFrameDecoder.class);

    private final VendorCodec<M> codec;
    private final int maxFrameLength;
    private final PartialFrameTimer frameTimer;
    private boolean discarding;

    VendorFrameDecoder(VendorCodec<M> codec, int maxFrameLength, long frameTimeoutMillis) {
        this.codec = codec;
        this.maxFrameLength = maxFrameLength;
        this.frameTimer = new PartialFrameTimer(frameTimeoutMillis);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int available = in.readableBytes();
        ByteBuffer view = in.nioBuffer(in.readerIndex(), available).asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
        Decoded<M> d;
        try {
            d = codec.decode(view);
        } catch (RuntimeException e) {
            fail(in, out, VendorFailure.bug("the codec threw " + e, e));
            return;
        }
        if (d == null) {
            fail(in, out, VendorFailure.bug("the codec returned null", null));
            return;
        }
        switch (d.kind()) {
            case NEED_MORE -> needMore(ctx, in, out, d.length());
            case FRAME -> {
                if (!consume(in, out, d.length(), "frame")) {
                    return;
                }
                frameTimer.complete();
                out.add(new VendorInbound<>(d.message()));
            }
            case SKIP -> {
                if (consume(in, out, d.length(), "skip")) {
                    LOG.debug("{}: skipped {} bytes: {}", ctx.channel().remoteAddress(), d.length(), d.reason());
                }
            }
            case INVALID -> fail(in, out, VendorFailure.device(d.reason()));
            default -> fail(in, out, VendorFailure.bug("unknown outcome " + d.kind(), null));
        }
    }

    private void needMore(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, int announced) {
        if (announced > maxFrameLength) {
            fail(in, out, VendorFailure.device("frame of " + announced + " bytes exceeds the maximum of "
                    + maxFrameLength));
        } else if (in.readableBytes() >= maxFrameLength) {
            fail(in, out, VendorFailure.device("no complete frame in " + in.readableBytes() + " bytes (maximum "
                    + maxFrameLength + ")"));
        } else {
            frameTimer.incomplete(ctx, waited -> {
                discard(internalBuffer());
                ctx.fireChannelRead(VendorFailure.device("a frame started " + waited + " ms ago is still "
                        + "incomplete"));
            });
        }
    }

    private boolean consume(ByteBuf in, List<Object> out, int length, String what) {
        if (length > in.readableBytes() || length > maxFrameLength) {
            fail(in, out, VendorFailure.bug("the codec claimed a " + what + " of " + length + " bytes with "
                    + in.readableBytes() + " available (maximum " + maxFrameLength + ")", null));
            return false;
        }
        in.skipBytes(length);
        return true;
    }

    private void fail(ByteBuf in, List<Object> out, VendorFailure failure) {
        out.add(failure);
        discard(in);
    }

    private void discard(ByteBuf in) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        frameTimer.cancel();
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
