package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/**
 * UPLINK (spec §4.3): data from the device.
 *
 * @param messageId 0: no acknowledgement wanted; 1..65535: the gateway answers ACK or NACK with this id
 * @param dup       the DUP flag: a retransmission of an earlier UPLINK with the same id
 * @param format    the content format (§5.5)
 * @param channel   the channel (topic levels below {@code up/}), empty for none
 * @param payload   the data
 */
public record UplinkFrame(int messageId, boolean dup, ContentFormat format, String channel, byte[] payload)
        implements Frame {

    static UplinkFrame read(BodyReader r, boolean dup) throws MalformedBodyException {
        int id = r.u16("message_id");
        ContentFormat format = format(r);
        String channel = r.str8("channel");
        return new UplinkFrame(id, dup, format, channel, r.rest());
    }

    static ContentFormat format(BodyReader r) throws MalformedBodyException {
        int code = r.u8("format");
        ContentFormat f = ContentFormat.of(code);
        if (f == null) {
            // §5.5: formats 0x04-0xFF are reserved
            throw new MalformedBodyException(String.format("content format 0x%02x is reserved", code));
        }
        return f;
    }

    @Override
    public FrameType type() {
        return FrameType.UPLINK;
    }

    @Override
    public int flags() {
        return dup ? FrameHeader.FLAG_DUP : 0;
    }

    @Override
    public int bodyLength() {
        return 2 + 1 + Fields.str8Length(channel) + payload.length;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeShort(messageId);
        out.writeByte(format.code());
        Fields.str8(out, channel);
        out.writeBytes(payload);
    }

    @Override
    public String describe() {
        return "UPLINK message_id=" + messageId + " format=" + format + " channel="
                + (channel.isEmpty() ? "(none)" : Fields.quote(channel)) + " payload=" + Fields.payload(payload)
                + (dup ? " dup" : "");
    }
}
