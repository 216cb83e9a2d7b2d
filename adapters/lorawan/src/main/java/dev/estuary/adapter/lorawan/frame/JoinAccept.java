package dev.estuary.adapter.lorawan.frame;

import dev.estuary.adapter.lorawan.crypto.LorawanCrypto;
import java.util.Arrays;

/**
 * A decrypted join-accept (LoRaWAN 1.0.3 §6.2.5).
 *
 * @param joinNonce  AppNonce/JoinNonce
 * @param netId      NetID (24 bits)
 * @param devAddr    DevAddr
 * @param dlSettings DLSettings byte
 * @param rxDelay    RxDelay byte
 * @param cfList     CFList (empty or 16 bytes)
 * @param mic        the MIC (plaintext)
 * @param micValid   whether the MIC matches under the AppKey used
 */
public record JoinAccept(int joinNonce, int netId, int devAddr, int dlSettings, int rxDelay, byte[] cfList,
                         byte[] mic, boolean micValid) {

    /** Decrypts and checks an on-air join-accept with the device's AppKey. */
    public static JoinAccept decrypt(PhyPayload phy, byte[] appKey) throws MalformedFrameException {
        if (phy.mType() != MType.JOIN_ACCEPT) {
            throw new MalformedFrameException(phy.mType() + " is not a join-accept");
        }
        byte[] enc = Arrays.copyOfRange(phy.raw(), 1, phy.raw().length);
        if (enc.length != 16 && enc.length != 32) {
            throw new MalformedFrameException("join-accept must be 17 or 33 bytes, was " + phy.raw().length);
        }
        byte[] plain = LorawanCrypto.joinAcceptDecrypt(appKey, enc);
        return fromPlaintext(phy.mhdr(), plain, appKey);
    }

    /** Reads a join-accept already in plaintext ({@code plain} = MACPayload | MIC) and checks its MIC. */
    public static JoinAccept fromPlaintext(int mhdr, byte[] plain, byte[] appKey) throws MalformedFrameException {
        if (plain.length != 16 && plain.length != 32) {
            throw new MalformedFrameException("join-accept payload must be 16 or 32 bytes");
        }
        byte[] msg = new byte[plain.length - 4 + 1];
        msg[0] = (byte) mhdr;
        System.arraycopy(plain, 0, msg, 1, plain.length - 4);
        byte[] mic = Arrays.copyOfRange(plain, plain.length - 4, plain.length);
        boolean ok = LorawanCrypto.sameMic(mic, LorawanCrypto.joinAcceptMic(appKey, msg));
        return new JoinAccept(le(plain, 0, 3), le(plain, 3, 3), le(plain, 6, 4), plain[10] & 0xff,
                plain[11] & 0xff, Arrays.copyOfRange(plain, 12, plain.length - 4), mic, ok);
    }

    private static int le(byte[] b, int off, int len) {
        int v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }
}
