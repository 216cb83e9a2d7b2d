package dev.estuary.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PasswordAuthenticatorTest {
    private static final Executor DIRECT = Runnable::run;
    private static final AuthConfig CONFIG = AuthConfig.DEFAULTS.withPasswordHashIterations(1000);

    private final CountingStore users = new CountingStore(new InMemoryUserStore(Clock.systemUTC()));
    private final PasswordHasher hasher = new PasswordHasher(1000);

    private PasswordAuthenticator authenticator(AuthConfig config) {
        return new PasswordAuthenticator(users, config, DIRECT, DIRECT);
    }

    private static ConnectRequest request(String clientId, String username, String password, String cn) {
        ClientInfo c = new ClientInfo(clientId, username, new InetSocketAddress("127.0.0.1", 40000), "mqtt", 5,
                "tcp", null, null, 60, 0, false, false, cn);
        return ConnectRequest.simple(c, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    private static AuthResult auth(PasswordAuthenticator a, ConnectRequest r) {
        return a.authenticate(r).join();
    }

    private void addUser(String name, String password, boolean superuser) {
        users.add(name, hasher.hash(password.getBytes(StandardCharsets.UTF_8)), superuser);
    }

    private static ConnectRequest deviceRequest(String username, String transportAuth) {
        ClientInfo c = new ClientInfo("coap:dev-1", username, new InetSocketAddress("127.0.0.1", 40000), "coaps", 0,
                "coap", "coap", "dev-1", 0, 0, false, false, null);
        return new ConnectRequest(c, null, true, 0, null, 65535, 0, 0, false, true, transportAuth);
    }

    @Test
    void device_authenticated_by_its_transport_gets_in_without_a_password_even_when_anonymous_is_off() {
        PasswordAuthenticator a = authenticator(CONFIG.withAllowAnonymous(false));
        assertThat(auth(a, deviceRequest(null, "dtls-psk"))).isEqualTo(AuthResult.allow(null, false));
        assertThat(auth(a, deviceRequest(null, null)).allowed()).isFalse();
    }

    @Test
    void device_authenticated_by_its_transport_never_borrows_a_user_name_it_sends() {
        addUser("root", "pw-r", true);
        PasswordAuthenticator a = authenticator(CONFIG.withAllowAnonymous(false));
        assertThat(auth(a, deviceRequest("root", "dtls-psk"))).isEqualTo(AuthResult.allow(null, false));
    }

    @Test
    void right_password_lets_the_user_in_with_its_superuser_flag() {
        addUser("alice", "pw-a", false);
        addUser("root", "pw-r", true);
        PasswordAuthenticator a = authenticator(CONFIG);
        assertThat(auth(a, request("c1", "alice", "pw-a", null))).isEqualTo(AuthResult.allow("alice", false));
        assertThat(auth(a, request("c2", "root", "pw-r", null))).isEqualTo(AuthResult.allow("root", true));
    }

    @Test
    void wrong_or_missing_password_is_refused_with_bad_user_name_or_password() {
        addUser("alice", "pw-a", false);
        PasswordAuthenticator a = authenticator(CONFIG);
        assertThat(auth(a, request("c1", "alice", "wrong", null)).reasonCode())
                .isEqualTo(ReasonCodes.BAD_USERNAME_OR_PASSWORD);
        assertThat(auth(a, request("c1", "alice", null, null)).reasonCode())
                .isEqualTo(ReasonCodes.BAD_USERNAME_OR_PASSWORD);
    }

    @Test
    void anonymous_clients_are_let_in_without_a_name_only_when_allowed() {
        PasswordAuthenticator open = authenticator(CONFIG);
        assertThat(auth(open, request("c1", null, null, null))).isEqualTo(AuthResult.allow(null, false));
        PasswordAuthenticator closed = authenticator(CONFIG.withAllowAnonymous(false));
        AuthResult r = auth(closed, request("c1", null, null, null));
        assertThat(r.reasonCode()).isEqualTo(ReasonCodes.NOT_AUTHORIZED);
    }

    @Test
    void an_unknown_user_is_anonymous_and_cannot_borrow_the_name() {
        PasswordAuthenticator open = authenticator(CONFIG);
        assertThat(auth(open, request("c1", "ghost", "pw", null))).isEqualTo(AuthResult.allow(null, false));
        PasswordAuthenticator closed = authenticator(CONFIG.withAllowAnonymous(false));
        assertThat(auth(closed, request("c1", "ghost", "pw", null)).reasonCode())
                .isEqualTo(ReasonCodes.BAD_USERNAME_OR_PASSWORD);
        assertThat(auth(closed, request("c1", "ghost", null, null)).reasonCode())
                .isEqualTo(ReasonCodes.BAD_USERNAME_OR_PASSWORD);
    }

    @Test
    void client_id_authentication_checks_the_client_id_as_a_user_when_enabled() {
        addUser("sensor-7", "pw-7", false);
        PasswordAuthenticator off = authenticator(CONFIG.withAllowAnonymous(false));
        assertThat(auth(off, request("sensor-7", null, "pw-7", null)).allowed()).isFalse();
        PasswordAuthenticator on = authenticator(CONFIG.withAllowAnonymous(false).withClientidAuth(true));
        assertThat(auth(on, request("sensor-7", null, "pw-7", null))).isEqualTo(AuthResult.allow("sensor-7", false));
        assertThat(auth(on, request("sensor-7", null, "nope", null)).reasonCode())
                .isEqualTo(ReasonCodes.BAD_USERNAME_OR_PASSWORD);
    }

    @Test
    void certificate_cn_logs_in_without_a_password_when_enabled() {
        addUser("admin-box", "unused", true);
        PasswordAuthenticator off = authenticator(CONFIG.withAllowAnonymous(false));
        assertThat(auth(off, request("c", null, null, "device-42")).allowed()).isFalse();
        PasswordAuthenticator on = authenticator(CONFIG.withAllowAnonymous(false).withCertAuth(true));
        assertThat(auth(on, request("c", null, null, "device-42"))).isEqualTo(AuthResult.allow("device-42", false));
        assertThat(auth(on, request("c", "someone-else", "x", "admin-box")))
                .isEqualTo(AuthResult.allow("admin-box", true));
    }

    @Test
    void repeated_logins_are_answered_from_the_cache_without_the_store() {
        addUser("alice", "pw-a", false);
        PasswordAuthenticator a = authenticator(CONFIG);
        auth(a, request("c1", "alice", "pw-a", null));
        auth(a, request("c1", "alice", "wrong", null));
        int lookups = users.finds.get();
        for (int i = 0; i < 100; i++) {
            assertThat(auth(a, request("c1", "alice", "pw-a", null)).allowed()).isTrue();
            assertThat(auth(a, request("c1", "alice", "wrong", null)).allowed()).isFalse();
        }
        assertThat(users.finds.get()).isEqualTo(lookups);
        assertThat(a.cachedCredentials()).isEqualTo(2);
    }

    @Test
    void invalidation_makes_a_changed_password_take_effect() {
        addUser("alice", "old", false);
        PasswordAuthenticator a = authenticator(CONFIG);
        assertThat(auth(a, request("c1", "alice", "old", null)).allowed()).isTrue();
        users.setPassword("alice", hasher.hash("new".getBytes(StandardCharsets.UTF_8)));
        a.invalidate();
        assertThat(auth(a, request("c1", "alice", "old", null)).allowed()).isFalse();
        assertThat(auth(a, request("c1", "alice", "new", null)).allowed()).isTrue();
    }

    @Test
    void the_cache_is_bounded() {
        addUser("alice", "pw", false);
        PasswordAuthenticator a = authenticator(CONFIG.withCacheSizes(32, 5));
        for (int i = 0; i < 20; i++) {
            auth(a, request("c1", "alice", "guess" + i, null));
        }
        assertThat(a.cachedCredentials()).isEqualTo(5);
    }

    @Test
    void with_the_cache_disabled_every_login_is_verified() {
        addUser("alice", "pw", false);
        PasswordAuthenticator a = authenticator(CONFIG.withCacheSizes(32, 0));
        auth(a, request("c1", "alice", "pw", null));
        auth(a, request("c1", "alice", "pw", null));
        assertThat(users.finds.get()).isEqualTo(2);
        assertThat(a.cachedCredentials()).isZero();
    }

    @Test
    void hostile_usernames_and_passwords_are_data() {
        String name = "'; DROP TABLE users; --\0%u\"" + "x".repeat(65536);
        addUser(name, "p\0w", false);
        PasswordAuthenticator a = authenticator(CONFIG.withAllowAnonymous(false));
        assertThat(auth(a, request("c1", name, "p\0w", null))).isEqualTo(AuthResult.allow(name, false));
        assertThat(auth(a, request("c1", name, "p", null)).allowed()).isFalse();
        assertThat(auth(a, request("c1", name.substring(0, 30), "p\0w", null)).allowed()).isFalse();
    }

    /** Counts lookups, to prove the cache answers. */
    private static final class CountingStore implements UserStore {
        final AtomicInteger finds = new AtomicInteger();
        private final UserStore delegate;

        CountingStore(UserStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<User> find(String username) {
            finds.incrementAndGet();
            return delegate.find(username);
        }

        @Override
        public List<User> list() {
            return delegate.list();
        }

        @Override
        public boolean add(String username, String passwordHash, boolean superuser) {
            return delegate.add(username, passwordHash, superuser);
        }

        @Override
        public boolean setPassword(String username, String passwordHash) {
            return delegate.setPassword(username, passwordHash);
        }

        @Override
        public boolean setSuperuser(String username, boolean superuser) {
            return delegate.setSuperuser(username, superuser);
        }

        @Override
        public boolean delete(String username) {
            return delegate.delete(username);
        }

        @Override
        public long version() {
            return delegate.version();
        }
    }
}
