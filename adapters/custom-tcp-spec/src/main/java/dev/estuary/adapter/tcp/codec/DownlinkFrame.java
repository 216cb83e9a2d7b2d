package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/**
 * DOWNLINK (spec §4.4): data or a command for the device, which answers ACK or NACK with the same message id.
 *
 * @param messageId 1..65535
 * @param dup       the DUP flag: a retransmission (the device must not act on it twice)
 * @param format    the content format (§5.5)
 * @param channel   the channel (topic levels below {@code down/}), empty for none
 * @param payload   the data
 */
public record DownlinkFrame(int messageId, boolean dup, ContentFormat format, String channel, byte[] payload)
        implements Frame {

    static DownlinkFrame read(BodyReader r, boolean dup) throws MalformedBodyException {
        int id = r.u16("message_id");
        if (id == 0) {
            // §4.4: message id 0 is not used for downlinks
            throw new MalformedBodyException("DOWNLINK message_id must not be 0");
        }
        ContentFormat format = UplinkFrame.format(r);
        String channel = r.str8("channel");
        return new DownlinkFrame(id, dup, format, channel, r.rest());
    }

    /** The same frame with the DUP flag set, for a retransmission. */
    public DownlinkFrame asDuplicate() {
        return new DownlinkFrame(messageId, true, format, channel, payload);
    }

    @Override
    public FrameType type() {
        return FrameType.DOWNLINK;
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
        return "DOWNLINK message_id=" + messageId + " format=" + format + " channel="
                + (channel.isEmpty() ? "(none)" : Fields.quote(channel)) + " payload=" + Fields.payload(payload)
                + (dup ? " dup" : "");
    }
}
