package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * GOODBYE (spec §4.9): the sender is closing the connection in an orderly way.
 *
 * @param reason a reason code of §5.3
 * @param text   a human-readable reason, may be empty
 */
public record GoodbyeFrame(int reason, String text) implements Frame {

    public static GoodbyeFrame of(GoodbyeReason reason, String text) {
        return new GoodbyeFrame(reason.code(), text == null ? "" : text);
    }

    static GoodbyeFrame read(BodyReader r) throws MalformedBodyException {
        return new GoodbyeFrame(r.u8("reason"), r.restText("text"));
    }

    @Override
    public FrameType type() {
        return FrameType.GOODBYE;
    }

    @Override
    public int bodyLength() {
        return 1 + ByteBufUtil.utf8Bytes(text);
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeByte(reason);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "GOODBYE reason=" + Fields.code(GoodbyeReason.name(reason), reason)
                + (text.isEmpty() ? "" : " text=" + Fields.quote(text));
    }
}
