package dev.estuary.core.auth;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recently verified credentials, so that a reconnect storm costs one HMAC per client instead of one PBKDF2. Keys are
 * the identity plus an HMAC of the password under a random per-process key (the password itself is never kept);
 * values are the outcome, success or failure. Bounded (least recently used entries go first) and cleared whenever
 * users change. A verification that started before a clear is not cached after it ({@link #generation()}).
 * Thread-safe.
 */
final class CredentialCache {
    private final int maxSize;
    private final byte[] key = new byte[32];
    private final ThreadLocal<Mac> mac = ThreadLocal.withInitial(this::newMac);
    private final LinkedHashMap<Key, AuthResult> entries;
    private long generation;

    CredentialCache(int maxSize) {
        this.maxSize = maxSize;
        new SecureRandom().nextBytes(key);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, AuthResult> eldest) {
                return size() > CredentialCache.this.maxSize;
            }
        };
    }

    boolean enabled() {
        return maxSize > 0;
    }

    /** The cache key for an identity and the password it presented. */
    Key key(String identity, byte[] password) {
        byte[] d = mac.get().doFinal(password);
        return new Key(identity, Base64.getEncoder().encodeToString(d));
    }

    synchronized AuthResult get(Key k) {
        return entries.get(k);
    }

    synchronized long generation() {
        return generation;
    }

    /** Caches {@code result} unless the cache was cleared since {@code startedAt} was read. */
    synchronized void put(Key k, AuthResult result, long startedAt) {
        if (maxSize > 0 && startedAt == generation) {
            entries.put(k, result);
        }
    }

    synchronized void clear() {
        generation++;
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** An identity and the keyed digest of a password (fixed length, so the pair is unambiguous). */
    record Key(String identity, String digest) {
    }
}
