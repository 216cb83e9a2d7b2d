package dev.estuary.adapter.mqtt.codec;

import dev.estuary.adapter.mqtt.ChannelAttributes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Recognises Mosquitto bridges: with {@code try_private} they set bit 0x80 in the CONNECT protocol level
 * (0x83/0x84). Netty's decoder knows only the standard levels, so this stage, ahead of it, waits for the first
 * packet's protocol level, clears the bit, marks the channel as a bridge and leaves the pipeline. It also records
 * the level ({@link ChannelAttributes#PROTOCOL_LEVEL}) so that an unsupported one can be refused in the form the
 * client understands. It never touches anything after the first packet.
 */
public final class BridgeProtocolLevelDecoder extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        if (in.readableBytes() < 1) {
            return;
        }
        if ((in.getUnsignedByte(start) >> 4) != 1) {
            done(ctx, in, out); // not CONNECT: the MQTT handler refuses it
            return;
        }
        int pos = start + 1;
        int lengthBytes = 0;
        while (true) {
            if (pos >= in.writerIndex()) {
                return; // need more
            }
            lengthBytes++;
            if ((in.getUnsignedByte(pos++) & 0x80) == 0) {
                break;
            }
            if (lengthBytes == 4) {
                done(ctx, in, out); // a fifth length byte: malformed, the MQTT decoder reports it
                return;
            }
        }
        if (pos + 2 > in.writerIndex()) {
            return;
        }
        int nameLength = in.getUnsignedShort(pos);
        int levelIndex = pos + 2 + nameLength;
        if (nameLength > 6) {
            done(ctx, in, out); // not MQTT/MQIsdp: let the MQTT decoder report it
            return;
        }
        if (levelIndex >= in.writerIndex()) {
            return;
        }
        short level = in.getUnsignedByte(levelIndex);
        ctx.channel().attr(ChannelAttributes.PROTOCOL_LEVEL).set(level & 0x7F);
        if ((level & 0x80) != 0) {
            in.setByte(levelIndex, level & 0x7F);
            ctx.channel().attr(ChannelAttributes.BRIDGE).set(Boolean.TRUE);
        }
        done(ctx, in, out);
    }

    private void done(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        out.add(in.readRetainedSlice(in.readableBytes()));
        ctx.pipeline().remove(this);
    }
}
