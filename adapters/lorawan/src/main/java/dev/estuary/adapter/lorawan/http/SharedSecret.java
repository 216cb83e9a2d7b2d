package dev.estuary.adapter.lorawan.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The shared secret of one HTTP endpoint. A request is authentic when it carries the secret as
 * {@code Authorization: Bearer {secret}}, as the password of {@code Authorization: Basic} (with the configured user
 * name, if one is set), or as the value of the configured secret header. Comparisons take constant time.
 */
public final class SharedSecret {
    private final byte[] secret;
    private final String username;
    private final String header;

    public SharedSecret(String secret, String username, String header) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("an HTTP endpoint needs a non-empty secret");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.username = username;
        this.header = header;
    }

    public boolean accepts(HttpRequestView.HeaderLookup headers) {
        String custom = header == null ? null : headers.get(header);
        if (custom != null && same(custom)) {
            return true;
        }
        String auth = headers.get("Authorization");
        if (auth == null) {
            return false;
        }
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return same(auth.substring(7).trim());
        }
        if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return false;
            }
            boolean userOk = username == null || MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                    decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8));
            return same(decoded.substring(colon + 1)) & userOk;
        }
        return false;
    }

    private boolean same(String candidate) {
        return MessageDigest.isEqual(secret, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
