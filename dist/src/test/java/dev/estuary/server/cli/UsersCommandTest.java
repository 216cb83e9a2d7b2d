package dev.estuary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.auth.PasswordHasher;
import dev.estuary.core.auth.SqliteUserStore;
import dev.estuary.core.auth.User;
import dev.estuary.core.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UsersCommandTest {
    @TempDir
    Path dir;

    private String db() {
        return dir.resolve("estuary.db").toString();
    }

    /** A config file that puts estuary.db in {@link #dir} and keeps hashing cheap for the tests. */
    private String cfg() {
        Path config = dir.resolve("fast.yaml");
        try {
            Files.writeString(config, "node:\n  data_dir: '" + dir + "'\nauth:\n  password_hash_iterations: 1000\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return config.toString();
    }

    private User stored(String name) {
        try (Database d = Database.open(Path.of(db()))) {
            return new SqliteUserStore(d, Clock.systemUTC()).find(name).orElse(null);
        }
    }

    @Test
    void add_stores_a_salted_pbkdf2_hash_never_the_password() {
        Cli r = Cli.run("users", "add", "--db", db(), "alice", "-p", "wonderland");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("added user 'alice'");
        User u = stored("alice");
        assertThat(u.superuser()).isFalse();
        assertThat(u.passwordHash()).startsWith("pbkdf2-sha256$100000$").doesNotContain("wonderland");
        assertThat(PasswordHasher.verify("wonderland".getBytes(StandardCharsets.UTF_8), u.passwordHash())).isTrue();
    }

    @Test
    void add_twice_fails_and_keeps_the_first_password() {
        Cli.run("users", "add", "-c", cfg(), "alice", "-p", "one");
        Cli r = Cli.run("users", "add", "-c", cfg(), "alice", "-p", "two");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("user 'alice' exists");
        assertThat(PasswordHasher.verify("one".getBytes(StandardCharsets.UTF_8), stored("alice").passwordHash()))
                .isTrue();
    }

    @Test
    void passwd_changes_the_password_and_optionally_the_superuser_flag() {
        Cli.run("users", "add", "-c", cfg(), "bob", "-p", "old");
        Cli r = Cli.run("users", "passwd", "-c", cfg(), "bob", "-p", "new", "--superuser", "true");
        assertThat(r.exitCode()).as(r.err()).isZero();
        User u = stored("bob");
        assertThat(PasswordHasher.verify("new".getBytes(StandardCharsets.UTF_8), u.passwordHash())).isTrue();
        assertThat(u.superuser()).isTrue();
        assertThat(Cli.run("users", "passwd", "-c", cfg(), "nobody", "-p", "x").exitCode()).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void del_removes_and_reports_unknown_users() {
        Cli.run("users", "add", "-c", cfg(), "carol", "-p", "pw");
        assertThat(Cli.run("users", "del", "-c", cfg(), "carol").exitCode()).isZero();
        assertThat(stored("carol")).isNull();
        Cli r = Cli.run("users", "del", "-c", cfg(), "carol");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("no user 'carol'");
    }

    @Test
    void list_shows_names_and_flags_but_no_hashes() {
        Cli.run("users", "add", "-c", cfg(), "zed", "-p", "pw");
        Cli.run("users", "add", "-c", cfg(), "admin", "-p", "pw", "--superuser");
        Cli r = Cli.run("users", "list", "-c", cfg());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsSubsequence("USERNAME", "admin", "yes", "zed", "no", "2 users");
        assertThat(r.out()).doesNotContain("pbkdf2");
    }

    @Test
    void a_missing_password_is_an_error_without_a_console() {
        Cli r = Cli.run("users", "add", "-c", cfg(), "dave");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("password is required");
        assertThat(stored("dave")).isNull();
    }

    @Test
    void hostile_names_are_stored_as_given_and_printed_harmlessly() {
        String name = "x'); DROP TABLE users; --\u0007\"%u";
        assertThat(Cli.run("users", "add", "-c", cfg(), name, "-p", "pw").exitCode()).isZero();
        assertThat(stored(name)).isNotNull();
        Cli r = Cli.run("users", "list", "-c", cfg());
        assertThat(r.out()).contains("x'); DROP TABLE users; --\\x{7}\"%u").doesNotContain("\u0007");
    }

    @Test
    void the_database_is_found_through_the_config_file() throws Exception {
        Path data = dir.resolve("state");
        Path config = dir.resolve("estuary.yaml");
        Files.writeString(config, "node:\n  data_dir: " + data + "\nauth:\n  password_hash_iterations: 1234\n");
        assertThat(Cli.run("users", "add", "-c", config.toString(), "erin", "-p", "pw").exitCode()).isZero();
        try (Database d = Database.open(data.resolve("estuary.db"))) {
            User u = new SqliteUserStore(d, Clock.systemUTC()).find("erin").orElseThrow();
            assertThat(u.passwordHash()).startsWith("pbkdf2-sha256$1234$");
        }
    }

    @Test
    void an_invalid_configuration_file_is_a_configuration_error() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "auth:\n  acl_nomatch: maybe\n");
        Cli r = Cli.run("users", "list", "-c", config.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("auth.acl_nomatch");
        assertThat(Cli.run("users", "list", "-c", dir.resolve("missing.yaml").toString()).exitCode())
                .isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    void a_corrupt_database_is_reported_clearly_and_left_alone() throws Exception {
        Path file = dir.resolve("estuary.db");
        Files.writeString(file, "not a database at all");
        Cli r = Cli.run("users", "list", "--db", file.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("not an SQLite database", file.toString());
        assertThat(Files.readString(file)).isEqualTo("not a database at all");
    }
}
