package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * HELLO_ACK (spec §4.2): the gateway's answer to HELLO.
 *
 * @param result    a result code of §5.1 (0x00 accepted)
 * @param keepAlive the keep-alive the gateway enforces, in seconds (0 when refused)
 * @param maxBody   the largest body the gateway accepts from the device (0 when refused)
 * @param reason    a human-readable reason, empty when accepted
 */
public record HelloAckFrame(int result, int keepAlive, long maxBody, String reason) implements Frame {

    public static HelloAckFrame refused(HelloResult result, String reason) {
        return new HelloAckFrame(result.code(), 0, 0, reason);
    }

    static HelloAckFrame read(BodyReader r) throws MalformedBodyException {
        return new HelloAckFrame(r.u8("result"), r.u16("keep_alive"), r.u32("max_body"), r.restText("reason"));
    }

    public boolean accepted() {
        return result == HelloResult.ACCEPTED.code();
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO_ACK;
    }

    @Override
    public int bodyLength() {
        return 1 + 2 + 4 + ByteBufUtil.utf8Bytes(reason);
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeByte(result);
        out.writeShort(keepAlive);
        out.writeInt((int) maxBody);
        out.writeCharSequence(reason, StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "HELLO_ACK result=" + Fields.code(HelloResult.name(result), result) + " keep_alive=" + keepAlive
                + " max_body=" + maxBody + (reason.isEmpty() ? "" : " reason=" + Fields.quote(reason));
    }
}
