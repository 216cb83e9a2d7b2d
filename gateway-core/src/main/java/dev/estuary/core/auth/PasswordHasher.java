package dev.estuary.core.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Password hashes: PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) over the JDK's {@code HmacSHA256}, with a random 16-byte salt
 * per hash, stored as {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. Each hash carries its own
 * iteration count, so raising the configured count affects new passwords without breaking old ones.
 *
 * <p>PBKDF2 is computed here over the password bytes rather than through {@code SecretKeyFactory}, because the JDK
 * factory takes a {@code char[]} and MQTT passwords are binary data: decoding them as text would make different
 * byte strings collide. For text passwords the result is identical to {@code PBKDF2WithHmacSHA256} over their UTF-8
 * bytes (checked in the tests).
 */
public final class PasswordHasher {
    public static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MAX_ITERATIONS = 10_000_000;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }

    /** A new encoded hash of {@code password} with a fresh salt. */
    public String hash(byte[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] dk = pbkdf2(password, salt, iterations, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
    }

    /**
     * Whether {@code password} matches {@code encoded}. The comparison takes the same time wherever the first
     * difference is. A malformed {@code encoded} value never matches.
     */
    public static boolean verify(byte[] password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            if (n < 1 || n > MAX_ITERATIONS) {
                return false;
            }
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] salt = b64.decode(parts[2]);
            byte[] expected = b64.decode(parts[3]);
            if (expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(pbkdf2(password, salt, n, expected.length), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** PBKDF2 with HMAC-SHA256 as the PRF (RFC 8018 §5.2). */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // HMAC pads its key with zeros to the block size, so a single zero byte is the same key as an empty
            // one; SecretKeySpec refuses empty keys.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            int hLen = mac.getMacLength();
            byte[] out = new byte[length];
            byte[] u = new byte[hLen];
            byte[] t = new byte[hLen];
            for (int block = 1, off = 0; off < length; block++, off += hLen) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8),
                    (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, hLen);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < hLen; j++) {
                        t[j] ^= u[j];
                    }
                }
                System.arraycopy(t, 0, out, off, Math.min(hLen, length - off));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
