package dev.estuary.adapter.lorawan.crypto;

import java.security.MessageDigest;
import javax.crypto.Cipher;

/**
 * LoRaWAN 1.0.x frame cryptography (LoRaWAN 1.0.3 specification §4.3.3 FRMPayload encryption, §4.4 MIC, §6.2.5
 * join-request MIC, §6.2.5 join-accept encryption). DevAddr is passed as its numeric value (the spec's
 * big-endian representation); the functions put it little-endian into the B0/A blocks as the spec says.
 */
public final class LorawanCrypto {
    private LorawanCrypto() {
    }

    /**
     * The MIC of a data frame: the first 4 bytes of CMAC(NwkSKey, B0 | msg), with
     * {@code B0 = 0x49 | 0x00*4 | Dir | DevAddr | FCntUp/Down (32 bit) | 0x00 | len(msg)} (§4.4).
     *
     * @param msg MHDR | FHDR | FPort | FRMPayload (the frame without its MIC)
     */
    public static byte[] dataMic(byte[] nwkSKey, boolean downlink, int devAddr, long fCnt, byte[] msg) {
        byte[] b0 = block((byte) 0x49, downlink, devAddr, fCnt, msg.length);
        byte[] in = new byte[16 + msg.length];
        System.arraycopy(b0, 0, in, 0, 16);
        System.arraycopy(msg, 0, in, 16, msg.length);
        return AesCmac.mic(nwkSKey, in);
    }

    /**
     * Encrypts or decrypts (the same operation) an FRMPayload: XOR with the AES keystream of blocks
     * {@code A_i = 0x01 | 0x00*4 | Dir | DevAddr | FCnt (32 bit) | 0x00 | i}, i from 1 (§4.3.3.1). The key is the
     * NwkSKey for FPort 0 and the AppSKey otherwise.
     */
    public static byte[] cryptFrmPayload(byte[] key, boolean downlink, int devAddr, long fCnt, byte[] payload) {
        Cipher aes = Aes.ecb(key, true);
        byte[] out = new byte[payload.length];
        for (int off = 0, i = 1; off < payload.length; off += 16, i++) {
            byte[] s = Aes.block(aes, block((byte) 0x01, downlink, devAddr, fCnt, i));
            for (int j = 0; j < 16 && off + j < payload.length; j++) {
                out[off + j] = (byte) (payload[off + j] ^ s[j]);
            }
        }
        return out;
    }

    /** The MIC of a join-request: CMAC(AppKey, MHDR | AppEUI | DevEUI | DevNonce) (§6.2.4). */
    public static byte[] joinRequestMic(byte[] appKey, byte[] msg) {
        return AesCmac.mic(appKey, msg);
    }

    /**
     * Decrypts a join-accept as a device does: AES-128 <em>encrypt</em> (ECB) of everything after the MHDR, MIC
     * included (§6.2.5: the network server builds it with AES decrypt).
     *
     * @return the plaintext MACPayload | MIC
     */
    public static byte[] joinAcceptDecrypt(byte[] appKey, byte[] encryptedAfterMhdr) {
        if (encryptedAfterMhdr.length % 16 != 0) {
            throw new IllegalArgumentException("a join-accept is 16 or 32 bytes after its MHDR");
        }
        return Aes.block(Aes.ecb(appKey, true), encryptedAfterMhdr);
    }

    /** The MIC of a join-accept: CMAC(AppKey, MHDR | AppNonce | NetID | DevAddr | DLSettings | RxDelay | CFList). */
    public static byte[] joinAcceptMic(byte[] appKey, byte[] msg) {
        return AesCmac.mic(appKey, msg);
    }

    /** Constant-time comparison of MICs. */
    public static boolean sameMic(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static byte[] block(byte first, boolean downlink, int devAddr, long fCnt, int last) {
        byte[] b = new byte[16];
        b[0] = first;
        b[5] = (byte) (downlink ? 1 : 0);
        b[6] = (byte) devAddr;
        b[7] = (byte) (devAddr >>> 8);
        b[8] = (byte) (devAddr >>> 16);
        b[9] = (byte) (devAddr >>> 24);
        b[10] = (byte) fCnt;
        b[11] = (byte) (fCnt >>> 8);
        b[12] = (byte) (fCnt >>> 16);
        b[13] = (byte) (fCnt >>> 24);
        b[15] = (byte) last;
        return b;
    }

}
