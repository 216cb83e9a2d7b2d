package dev.estuary.management.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API keys: created with a random 256-bit secret that is shown once, stored as its SHA-256 (the secret is
 * random, so a slow password hash adds nothing), checked in constant time, and kept in memory so that a request
 * costs one hash and no database read. Changes go to the {@link ApiKeyStore}; a null store keeps keys in memory
 * only (tests).
 */
public final class ApiKeys {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, ApiKey> keys = new ConcurrentHashMap<>();

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        if (store != null) {
            for (ApiKey k : store.list()) {
                keys.put(k.name(), k);
            }
        }
    }

    /** A new key and its secret (the only time the secret is known). */
    public record Created(ApiKey key, String secret) {
        /** {@code name:secret}, what HTTP Basic authentication and {@code estuary ctl --key} take. */
        public String credentials() {
            return key.name() + ":" + secret;
        }
    }

    /**
     * Creates (or replaces) a key.
     *
     * @throws IllegalArgumentException for a bad name or an expiry in the past
     */
    public Created create(String name, String description, long expiresAtMillis) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an API key name is 1 to 64 letters, digits, '_', '.' or '-'");
        }
        long now = clock.millis();
        if (expiresAtMillis != 0 && expiresAtMillis <= now) {
            throw new IllegalArgumentException("expires_at is in the past");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ApiKey key = new ApiKey(name, hash(secret), description, now, expiresAtMillis);
        if (store != null) {
            store.put(key);
        }
        keys.put(name, key);
        return new Created(key, secret);
    }

    public boolean delete(String name) {
        boolean existed = keys.remove(name) != null;
        if (store != null) {
            existed |= store.delete(name);
        }
        return existed;
    }

    public List<ApiKey> list() {
        return keys.values().stream().sorted(java.util.Comparator.comparing(ApiKey::name)).toList();
    }

    public ApiKey get(String name) {
        return keys.get(name);
    }

    /** Whether {@code name} and {@code secret} are a valid, unexpired key. */
    public boolean verify(String name, String secret) {
        ApiKey k = keys.get(name);
        if (k == null || k.expired(clock.millis())) {
            return false;
        }
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                k.secretHash().getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(String secret) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256$" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
