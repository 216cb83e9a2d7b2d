package dev.estuary.adapter.lorawan.frame;

import java.util.Arrays;

/**
 * A data frame's MACPayload: FHDR (DevAddr, FCtrl, FCnt, FOpts), optional FPort and FRMPayload
 * (LoRaWAN 1.0.3 §4.3). The FRMPayload is still encrypted.
 *
 * @param phy        the PHYPayload it came from
 * @param devAddr    DevAddr as a number (wire bytes reversed)
 * @param fCtrl      the frame control byte
 * @param fCnt16     the 16 bits of FCnt on the wire
 * @param fOpts      MAC commands in FOpts (not encrypted in 1.0)
 * @param fPort      FPort, or -1 when the frame has none
 * @param frmPayload the encrypted FRMPayload (empty when none)
 */
public record DataFrame(PhyPayload phy, int devAddr, int fCtrl, int fCnt16, byte[] fOpts, int fPort,
                        byte[] frmPayload) {

    public static DataFrame parse(PhyPayload phy) throws MalformedFrameException {
        if (!phy.mType().data()) {
            throw new MalformedFrameException(phy.mType() + " is not a data frame");
        }
        byte[] p = phy.macPayload();
        if (p.length < 7) {
            throw new MalformedFrameException("data frame MACPayload shorter than its 7-byte FHDR");
        }
        int devAddr = (p[0] & 0xff) | (p[1] & 0xff) << 8 | (p[2] & 0xff) << 16 | (p[3] & 0xff) << 24;
        int fCtrl = p[4] & 0xff;
        int fCnt = (p[5] & 0xff) | (p[6] & 0xff) << 8;
        int fOptsLen = fCtrl & 0x0f;
        if (p.length < 7 + fOptsLen) {
            throw new MalformedFrameException("FOptsLen " + fOptsLen + " exceeds the frame");
        }
        byte[] fOpts = Arrays.copyOfRange(p, 7, 7 + fOptsLen);
        int rest = 7 + fOptsLen;
        int fPort = -1;
        byte[] frm = new byte[0];
        if (p.length > rest) {
            fPort = p[rest] & 0xff;
            frm = Arrays.copyOfRange(p, rest + 1, p.length);
            if (fPort == 0 && fOptsLen > 0) {
                throw new MalformedFrameException("FPort 0 with FOpts present (§4.3.1.6 forbids MAC commands in both)");
            }
        }
        return new DataFrame(phy, devAddr, fCtrl, fCnt, fOpts, fPort, frm);
    }

    public MType mType() {
        return phy.mType();
    }

    public boolean adr() {
        return (fCtrl & 0x80) != 0;
    }

    public boolean ack() {
        return (fCtrl & 0x20) != 0;
    }

    /** DevAddr as 8 hex digits, as network servers show it. */
    public String devAddrHex() {
        return String.format("%08x", devAddr);
    }
}
