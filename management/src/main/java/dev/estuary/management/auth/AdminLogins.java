package dev.estuary.management.auth;

import dev.estuary.core.auth.PasswordHasher;
import dev.estuary.core.auth.User;
import dev.estuary.core.auth.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Administrators of the API: superusers of the user database, with their password. A verified login is
 * remembered (keyed by an HMAC of name and password under a random per-process key; the password is not kept)
 * until any user changes, so a script calling the API does not pay the password hash on every request.
 */
public final class AdminLogins {
    private static final int MAX_CACHED = 1000;

    private final UserStore users;
    private final byte[] macKey = new byte[32];
    private final ConcurrentHashMap<String, Boolean> verified = new ConcurrentHashMap<>();
    private volatile long usersVersion = Long.MIN_VALUE;

    public AdminLogins(UserStore users) {
        this.users = users;
        new SecureRandom().nextBytes(macKey);
    }

    /** Whether {@code username} is a superuser whose password is {@code password}. Blocking (database, hash). */
    public boolean verify(String username, String password) {
        long version = users.version();
        if (version != usersVersion) {
            verified.clear();
            usersVersion = version;
        }
        String key = mac(username, password);
        Boolean cached = verified.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<User> u = users.find(username);
        boolean ok = u.isPresent() && u.get().superuser()
                && PasswordHasher.verify(password.getBytes(StandardCharsets.UTF_8), u.get().passwordHash());
        if (verified.size() < MAX_CACHED) {
            verified.put(key, ok);
        }
        return ok;
    }

    private String mac(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return java.util.HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
