package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/**
 * ACK (spec §4.5): a positive acknowledgement of an UPLINK (from the gateway) or a DOWNLINK (from the device).
 *
 * @param messageId the acknowledged message id (1..65535)
 * @param result    from a device: an optional result of the command, forwarded to the requester; from the
 *                  gateway: always empty
 */
public record AckFrame(int messageId, byte[] result) implements Frame {
    private static final byte[] NONE = new byte[0];

    public static AckFrame of(int messageId) {
        return new AckFrame(messageId, NONE);
    }

    static AckFrame read(BodyReader r) throws MalformedBodyException {
        return new AckFrame(messageId(r), r.rest());
    }

    static int messageId(BodyReader r) throws MalformedBodyException {
        int id = r.u16("message_id");
        if (id == 0) {
            // §4.5, §4.6: message id 0 is never acknowledged
            throw new MalformedBodyException("message_id 0 is never acknowledged");
        }
        return id;
    }

    @Override
    public FrameType type() {
        return FrameType.ACK;
    }

    @Override
    public int bodyLength() {
        return 2 + result.length;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeShort(messageId);
        out.writeBytes(result);
    }

    @Override
    public String describe() {
        return "ACK message_id=" + messageId + (result.length == 0 ? "" : " result=" + Fields.payload(result));
    }
}
