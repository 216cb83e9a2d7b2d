package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * ERROR (spec §4.10): the sender found a protocol error and closes the connection right after this frame.
 *
 * @param code an error code of §5.4
 * @param text what was wrong, for humans (may be empty)
 */
public record ErrorFrame(int code, String text) implements Frame {

    public static ErrorFrame of(ErrorCode code, String text) {
        return new ErrorFrame(code.code(), text == null ? "" : text);
    }

    static ErrorFrame read(BodyReader r) throws MalformedBodyException {
        return new ErrorFrame(r.u8("code"), r.restText("text"));
    }

    @Override
    public FrameType type() {
        return FrameType.ERROR;
    }

    @Override
    public int bodyLength() {
        return 1 + ByteBufUtil.utf8Bytes(text);
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeByte(code);
        out.writeCharSequence(text, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "ERROR code=" + Fields.code(ErrorCode.name(code), code) + (text.isEmpty() ? "" : " text="
                + Fields.quote(text));
    }
}
