package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * NACK (spec §4.6): a negative acknowledgement of an UPLINK or a DOWNLINK.
 *
 * @param messageId the refused message id (1..65535)
 * @param reason    a reason code of §5.2 (unknown codes are kept as they are)
 * @param text      a human-readable reason, may be empty
 */
public record NackFrame(int messageId, int reason, String text) implements Frame {

    public static NackFrame of(int messageId, NackReason reason, String text) {
        return new NackFrame(messageId, reason.code(), text == null ? "" : text);
    }

    static NackFrame read(BodyReader r) throws MalformedBodyException {
        return new NackFrame(AckFrame.messageId(r), r.u8("reason"), r.restText("text"));
    }

    @Override
    public FrameType type() {
        return FrameType.NACK;
    }

    @Override
    public int bodyLength() {
        return 2 + 1 + ByteBufUtil.utf8Bytes(text);
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeShort(messageId);
        out.writeByte(reason);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "NACK message_id=" + messageId + " reason=" + Fields.code(NackReason.name(reason), reason)
                + (text.isEmpty() ? "" : " text=" + Fields.quote(text));
    }
}
