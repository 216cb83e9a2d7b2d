package dev.estuary.adapter.coap.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * What a device presented when its session was opened: username, a SHA-256 digest of the password (the password
 * itself is not kept), or the DTLS principal. A later request is served by the same session only when it presents
 * the same credentials; anything else goes through authentication again.
 */
final class Credentials {
    private final String username;
    private final byte[] passwordDigest;
    private final String principal;

    private Credentials(String username, byte[] passwordDigest, String principal) {
        this.username = username;
        this.passwordDigest = passwordDigest;
        this.principal = principal;
    }

    static Credentials of(String username, String password, String principal) {
        return new Credentials(username, password == null ? null : sha256(password), principal);
    }

    boolean matches(Credentials other) {
        return Objects.equals(username, other.username) && Objects.equals(principal, other.principal)
                && (passwordDigest == null ? other.passwordDigest == null
                        : other.passwordDigest != null && MessageDigest.isEqual(passwordDigest, other.passwordDigest));
    }

    String principal() {
        return principal;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
