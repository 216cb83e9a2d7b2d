package dev.estuary.adapter.tcp.codec;

import io.netty.buffer.ByteBuf;

/**
 * HELLO (spec §4.1): the device's first frame, naming it and carrying its credentials.
 *
 * @param keepAlive keep-alive the device asks for, in seconds (0: the gateway's default)
 * @param maxBody   the largest body the device can receive (0: no limit beyond the gateway's)
 * @param deviceId  the device id (1..255 UTF-8 bytes)
 * @param username  the username, empty for none
 * @param password  the password bytes, empty for none
 * @param crc       whether this HELLO carried a CRC: the gateway then protects its own frames too (§3.8)
 */
public record HelloFrame(int keepAlive, long maxBody, String deviceId, String username, byte[] password, boolean crc)
        implements Frame {

    /** The smallest non-zero max_body a device may announce (spec §4.1). */
    public static final int MIN_MAX_BODY = 64;

    static HelloFrame read(BodyReader r, boolean crc) throws MalformedBodyException {
        int keepAlive = r.u16("keep_alive");
        long maxBody = r.u32("max_body");
        if (maxBody != 0 && maxBody < MIN_MAX_BODY) {
            // §4.1: max_body is 0 or at least 64
            throw new MalformedBodyException("max_body " + maxBody + " is below the minimum of " + MIN_MAX_BODY);
        }
        String deviceId = r.str8("device_id");
        String username = r.str8("username");
        byte[] password = r.bin8("password");
        r.end("HELLO");
        return new HelloFrame(keepAlive, maxBody, deviceId, username, password, crc);
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO;
    }

    @Override
    public int bodyLength() {
        return 2 + 4 + Fields.str8Length(deviceId) + Fields.str8Length(username) + 1 + password.length;
    }

    @Override
    public void writeBody(ByteBuf out) {
        out.writeShort(keepAlive);
        out.writeInt((int) maxBody);
        Fields.str8(out, deviceId);
        Fields.str8(out, username);
        Fields.bin8(out, password);
    }

    @Override
    public String describe() {
        return "HELLO keep_alive=" + keepAlive + " max_body=" + maxBody + " device_id=" + Fields.quote(deviceId)
                + " username=" + (username.isEmpty() ? "(none)" : Fields.quote(username))
                + " password=" + (password.length == 0 ? "(none)" : "(" + password.length + " bytes)")
                + (crc ? " crc" : "");
    }
}
