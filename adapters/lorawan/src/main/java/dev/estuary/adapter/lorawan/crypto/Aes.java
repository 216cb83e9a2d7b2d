package dev.estuary.adapter.lorawan.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES-128 in ECB mode without padding, the only block-cipher primitive LoRaWAN 1.0 needs. */
final class Aes {
    private Aes() {
    }

    static Cipher ecb(byte[] key, boolean encrypt) {
        if (key == null || key.length != 16) {
            throw new IllegalArgumentException("AES-128 keys are 16 bytes");
        }
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding is not available", e);
        }
    }

    static byte[] block(Cipher c, byte[] in) {
        try {
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
    }
}
