package dev.estuary.management.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.auth.InMemoryUserStore;
import dev.estuary.core.auth.PasswordHasher;
import dev.estuary.core.store.Database;
import dev.estuary.management.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ApiKeysTest {
    @TempDir
    Path dir;

    @Test
    void a_key_is_stored_as_a_hash_verified_and_survives_a_restart() {
        String credentials;
        try (Database db = Database.open(dir.resolve("estuary.db"))) {
            ApiKeys keys = new ApiKeys(new ApiKeyStore(db), Clock.systemUTC());
            ApiKeys.Created c = keys.create("ci", "pipeline", 0);
            credentials = c.credentials();
            assertThat(c.secret()).hasSizeGreaterThanOrEqualTo(43);
            assertThat(new ApiKeyStore(db).list().get(0).secretHash()).startsWith("sha256$")
                    .doesNotContain(c.secret());
        }
        try (Database db = Database.open(dir.resolve("estuary.db"))) {
            ApiKeys keys = new ApiKeys(new ApiKeyStore(db), Clock.systemUTC());
            String[] parts = credentials.split(":", 2);
            assertThat(keys.verify(parts[0], parts[1])).isTrue();
            assertThat(keys.verify(parts[0], parts[1] + "x")).isFalse();
            assertThat(keys.verify("other", parts[1])).isFalse();
            assertThat(keys.delete("ci")).isTrue();
            assertThat(keys.verify(parts[0], parts[1])).isFalse();
        }
    }

    @Test
    void an_expired_key_is_refused_and_bad_names_are_rejected() {
        ApiKeys keys = new ApiKeys(null, Clock.systemUTC());
        assertThatThrownBy(() -> keys.create("a b", null, 0)).hasMessageContaining("API key name");
        assertThatThrownBy(() -> keys.create("old", null, 1)).hasMessageContaining("in the past");
        ApiKeys.Created c = keys.create("soon", null, System.currentTimeMillis() + 60_000);
        assertThat(keys.verify("soon", c.secret())).isTrue();
        ApiKeys later = new ApiKeys(null, Clock.offset(Clock.systemUTC(), java.time.Duration.ofMinutes(2)));
        assertThat(later.verify("soon", c.secret())).isFalse();
    }

    @Test
    void the_local_key_file_is_owner_only_and_holds_working_credentials() throws Exception {
        ApiKeys keys = new ApiKeys(null, Clock.systemUTC());
        Path file = LocalKeyFile.write(keys, dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String[] parts = LocalKeyFile.read(file).split(":", 2);
        assertThat(parts[0]).isEqualTo("local");
        assertThat(keys.verify("local", parts[1])).isTrue();
        LocalKeyFile.write(keys, dir);
        assertThat(keys.verify("local", parts[1])).as("rewritten at every start").isFalse();
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void requests_authenticate_with_a_key_or_a_superuser_and_nothing_else() {
        ApiKeys keys = new ApiKeys(null, Clock.systemUTC());
        ApiKeys.Created key = keys.create("ops", null, 0);
        InMemoryUserStore users = new InMemoryUserStore(Clock.systemUTC());
        PasswordHasher hasher = new PasswordHasher(1000);
        users.add("root", hasher.hash("root-pw".getBytes(StandardCharsets.UTF_8)), true);
        users.add("plain", hasher.hash("plain-pw".getBytes(StandardCharsets.UTF_8)), false);
        ApiAuth auth = new ApiAuth(keys, new AdminLogins(users));

        assertThat(auth.authenticate(basic(key.credentials()), "peer")).isEqualTo("key:ops");
        assertThat(auth.authenticate("Bearer " + key.credentials(), "peer")).isEqualTo("key:ops");
        assertThat(auth.authenticate(basic("root:root-pw"), "peer")).isEqualTo("user:root");
        assertThat(auth.authenticate(basic("root:root-pw"), "peer")).as("cached").isEqualTo("user:root");
        for (String bad : new String[] {null, "", basic("plain:plain-pw"), basic("root:wrong"), "Basic !!!",
            basic("nocolon"), "Digest x", "Bearer root:root-pw"}) {
            assertThatThrownBy(() -> auth.authenticate(bad, "peer")).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }
}
