package dev.estuary.adapter.lorawan.gwmp;

import dev.estuary.adapter.lorawan.BadInputException;
import dev.estuary.adapter.lorawan.Hex;
import java.util.Arrays;

/**
 * One Semtech GWMP datagram (packet_forwarder PROTOCOL.TXT, v2): version, random token, identifier, and for
 * gateway-to-server packets the gateway EUI and a JSON body.
 *
 * @param version    protocol version (1 or 2)
 * @param token      the 2-byte token (echoed in acknowledgements)
 * @param identifier PUSH_DATA 0x00, PUSH_ACK 0x01, PULL_DATA 0x02, PULL_RESP 0x03, PULL_ACK 0x04, TX_ACK 0x05
 * @param gatewayEui the gateway EUI (16 hex digits) for PUSH_DATA, PULL_DATA and TX_ACK, else null
 * @param json       the JSON body (empty when none)
 */
public record GwmpPacket(int version, int token, int identifier, String gatewayEui, byte[] json) {
    public static final int PUSH_DATA = 0x00;
    public static final int PUSH_ACK = 0x01;
    public static final int PULL_DATA = 0x02;
    public static final int PULL_RESP = 0x03;
    public static final int PULL_ACK = 0x04;
    public static final int TX_ACK = 0x05;

    /** Parses a datagram from a gateway; the exception says what is wrong with it. */
    public static GwmpPacket parse(byte[] b) throws BadInputException {
        if (b.length < 4) {
            throw new BadInputException("datagram of " + b.length + " bytes is shorter than the 4-byte header");
        }
        int version = b[0] & 0xff;
        if (version != 1 && version != 2) {
            throw new BadInputException("unsupported protocol version " + version);
        }
        int token = (b[1] & 0xff) << 8 | (b[2] & 0xff);
        int id = b[3] & 0xff;
        switch (id) {
            case PUSH_DATA:
            case PULL_DATA:
            case TX_ACK: {
                if (b.length < 12) {
                    throw new BadInputException("packet 0x0" + id + " needs an 8-byte gateway EUI");
                }
                if (id == PULL_DATA && b.length != 12) {
                    throw new BadInputException("PULL_DATA must be exactly 12 bytes");
                }
                String eui = Hex.of(Arrays.copyOfRange(b, 4, 12));
                return new GwmpPacket(version, token, id, eui, Arrays.copyOfRange(b, 12, b.length));
            }
            default:
                throw new BadInputException("identifier 0x" + Integer.toHexString(id)
                        + " is not sent by gateways");
        }
    }

    /** An acknowledgement (PUSH_ACK, PULL_ACK) for this packet. */
    public byte[] ack(int ackIdentifier) {
        return new byte[] {(byte) version, (byte) (token >>> 8), (byte) token, (byte) ackIdentifier};
    }

    /** A PULL_RESP datagram carrying {@code txpkJson} (server to gateway). */
    public static byte[] pullResp(int version, int token, byte[] txpkJson) {
        byte[] out = new byte[4 + txpkJson.length];
        out[0] = (byte) version;
        out[1] = (byte) (token >>> 8);
        out[2] = (byte) token;
        out[3] = PULL_RESP;
        System.arraycopy(txpkJson, 0, out, 4, txpkJson.length);
        return out;
    }
}
