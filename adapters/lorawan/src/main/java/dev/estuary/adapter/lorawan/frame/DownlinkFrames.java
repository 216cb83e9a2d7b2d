package dev.estuary.adapter.lorawan.frame;

import dev.estuary.adapter.lorawan.crypto.LorawanCrypto;
import java.io.ByteArrayOutputStream;

/**
 * Builds LoRaWAN 1.0.x data-down PHYPayloads (LoRaWAN 1.0.3 §4): MHDR, FHDR (DevAddr, FCtrl with ACK and FPending,
 * no FOpts), optional FPort and FRMPayload encrypted with the AppSKey (Dir = 1), MIC over B0 with Dir = 1 and the
 * downlink frame counter.
 */
public final class DownlinkFrames {
    private DownlinkFrames() {
    }

    /**
     * @param fPort   1..223, or -1 for a frame without FPort and payload (an ACK only)
     * @param payload plaintext FRMPayload (ignored when {@code fPort} is -1)
     */
    public static byte[] build(byte[] nwkSKey, byte[] appSKey, int devAddr, long fCntDown, boolean confirmed,
                               boolean ack, boolean fPending, int fPort, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(confirmed ? 0xA0 : 0x60);
        out.write(devAddr);
        out.write(devAddr >>> 8);
        out.write(devAddr >>> 16);
        out.write(devAddr >>> 24);
        out.write((ack ? 0x20 : 0) | (fPending ? 0x10 : 0));
        out.write((int) fCntDown);
        out.write((int) (fCntDown >>> 8));
        if (fPort >= 0) {
            out.write(fPort);
            byte[] enc = LorawanCrypto.cryptFrmPayload(fPort == 0 ? nwkSKey : appSKey, true, devAddr, fCntDown,
                    payload);
            out.write(enc, 0, enc.length);
        }
        byte[] msg = out.toByteArray();
        byte[] mic = LorawanCrypto.dataMic(nwkSKey, true, devAddr, fCntDown, msg);
        out.write(mic, 0, 4);
        return out.toByteArray();
    }
}
