package dev.estuary.adapter.lorawan.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * AES-CMAC (RFC 4493) over the JDK's AES: the JDK has no CMAC, and pulling in a crypto provider for 40 lines of
 * spec-defined code is not worth its weight in a plugin. Checked against the RFC's test vectors and the LoRaWAN
 * vectors in the tests.
 */
public final class AesCmac {
    private static final byte RB = (byte) 0x87;

    private AesCmac() {
    }

    /** The 16-byte CMAC of {@code message} under the 16-byte {@code key}. */
    public static byte[] mac(byte[] key, byte[] message) {
        Cipher aes = Aes.ecb(key, true);
        try {
            byte[] l = aes.doFinal(new byte[16]);
            byte[] k1 = shiftXor(l);
            byte[] k2 = shiftXor(k1);
            int n = Math.max(1, (message.length + 15) / 16);
            boolean complete = message.length > 0 && message.length % 16 == 0;
            byte[] last = new byte[16];
            int lastStart = (n - 1) * 16;
            if (complete) {
                for (int i = 0; i < 16; i++) {
                    last[i] = (byte) (message[lastStart + i] ^ k1[i]);
                }
            } else {
                int rem = message.length - lastStart;
                System.arraycopy(message, lastStart, last, 0, rem);
                last[rem] = (byte) 0x80;
                for (int i = 0; i < 16; i++) {
                    last[i] ^= k2[i];
                }
            }
            byte[] x = new byte[16];
            for (int b = 0; b < n - 1; b++) {
                for (int i = 0; i < 16; i++) {
                    x[i] ^= message[b * 16 + i];
                }
                x = aes.doFinal(x);
            }
            for (int i = 0; i < 16; i++) {
                x[i] ^= last[i];
            }
            return aes.doFinal(x);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
    }

    /** The first 4 bytes of the CMAC: a LoRaWAN MIC. */
    public static byte[] mic(byte[] key, byte[] message) {
        return Arrays.copyOf(mac(key, message), 4);
    }

    private static byte[] shiftXor(byte[] in) {
        byte[] out = new byte[16];
        int carry = 0;
        for (int i = 15; i >= 0; i--) {
            int v = in[i] & 0xff;
            out[i] = (byte) ((v << 1) | carry);
            carry = v >>> 7;
        }
        if ((in[0] & 0x80) != 0) {
            out[15] ^= RB;
        }
        return out;
    }
}
