package dev.estuary.core.auth;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates against a {@link UserStore}: username and password, optionally the client id as the username
 * ({@code auth.clientid_auth}) or a verified certificate's CN ({@code auth.cert_auth}), and anonymous clients per
 * {@code auth.allow_anonymous}.
 *
 * <p>Outcomes: a known user with the right password is in (with its superuser flag); a known user with a wrong or
 * missing password gets 0x86. A client without an identity, or naming a user that does not exist, is anonymous: let
 * in without a username when anonymous access is allowed (so it cannot borrow the ACL rules of a user it merely
 * names), else refused with 0x87 (no identity) or 0x86 (unknown user).
 *
 * <p>Threads: the store is read on the database executor and PBKDF2 runs on the hashing executor; a cached
 * outcome ({@link CredentialCache}) completes at once on the caller's thread, touching neither.
 */
public final class PasswordAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);
    private static final AuthResult BAD_CREDENTIALS =
            AuthResult.deny(ReasonCodes.BAD_USERNAME_OR_PASSWORD, "bad user name or password");

    private final UserStore users;
    private final AuthConfig config;
    private final Executor database;
    private final Executor hashing;
    private final CredentialCache cache;
    /** Verified against unknown users so that a refusal takes as long whether or not the user exists. */
    private volatile String dummyHash;

    public PasswordAuthenticator(UserStore users, AuthConfig config, Executor database, Executor hashing) {
        this.users = users;
        this.config = config;
        this.database = database;
        this.hashing = hashing;
        this.cache = new CredentialCache(config.credentialCacheSize());
    }

    @Override
    public CompletableFuture<AuthResult> authenticate(ConnectRequest request) {
        ClientInfo c = request.client();
        if (request.transportAuthentication() != null && c.isDevice()) {
            // The adapter's transport (a DTLS handshake with the device's own key) proved which device this is.
            // It proved nothing about a user name the device may also send, so none is taken (no user's rules, no
            // superuser): the device is governed by the device ACL rules (%a/%d).
            LOG.debug("device '{}' authenticated by its transport ({})", c.clientId(), request.transportAuthentication());
            return CompletableFuture.completedFuture(AuthResult.allow(null, false));
        }
        if (config.certAuth() && c.certCommonName() != null) {
            String cn = c.certCommonName();
            return CompletableFuture.supplyAsync(() -> users.find(cn), database)
                    .thenApply(u -> AuthResult.allow(cn, u.map(User::superuser).orElse(false)));
        }
        String identity = c.username();
        if (identity == null && config.clientidAuth() && request.password() != null && !c.clientId().isEmpty()) {
            identity = c.clientId();
        }
        if (identity == null) {
            return CompletableFuture.completedFuture(anonymous(c, "no user name"));
        }
        if (request.password() == null) {
            return checkWithoutPassword(c, identity);
        }
        byte[] password = request.password();
        if (!cache.enabled()) {
            return verify(c, identity, password, null, 0);
        }
        CredentialCache.Key key = cache.key(identity, password);
        AuthResult cached = cache.get(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return verify(c, identity, password, key, cache.generation());
    }

    private CompletableFuture<AuthResult> verify(ClientInfo c, String identity, byte[] password,
                                                 CredentialCache.Key key, long generation) {
        return CompletableFuture.supplyAsync(() -> users.find(identity), database)
                .thenApplyAsync(user -> {
                    AuthResult r = check(c, identity, password, user);
                    if (key != null) {
                        cache.put(key, r, generation);
                    }
                    return r;
                }, hashing);
    }

    private AuthResult check(ClientInfo c, String identity, byte[] password, Optional<User> user) {
        if (user.isEmpty()) {
            if (!config.allowAnonymous()) {
                PasswordHasher.verify(password, dummyHash());
            }
            return anonymous(c, "unknown user");
        }
        User u = user.get();
        if (!PasswordHasher.verify(password, u.passwordHash())) {
            LOG.debug("client '{}' from {}: wrong password for user '{}'", c.clientId(), c.ip(), identity);
            return BAD_CREDENTIALS;
        }
        return AuthResult.allow(u.username(), u.superuser());
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = new PasswordHasher(config.passwordHashIterations()).hash(new byte[] {0});
            dummyHash = h; // a race computes it twice, harmlessly
        }
        return h;
    }

    private CompletableFuture<AuthResult> checkWithoutPassword(ClientInfo c, String identity) {
        return CompletableFuture.supplyAsync(() -> users.find(identity), database)
                .thenApply(u -> u.isPresent() ? BAD_CREDENTIALS : anonymous(c, "unknown user"));
    }

    private AuthResult anonymous(ClientInfo c, String why) {
        if (config.allowAnonymous()) {
            return AuthResult.allow(null, false);
        }
        LOG.debug("client '{}' from {} refused: {} and auth.allow_anonymous is false", c.clientId(), c.ip(), why);
        return why.equals("no user name")
                ? AuthResult.deny(ReasonCodes.NOT_AUTHORIZED, "anonymous access is disabled")
                : BAD_CREDENTIALS;
    }

    /** Forgets every cached verification (users changed). */
    public void invalidate() {
        cache.clear();
    }

    /** Number of cached verifications (for tests and metrics). */
    public int cachedCredentials() {
        return cache.size();
    }
}
