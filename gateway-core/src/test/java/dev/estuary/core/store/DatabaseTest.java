package dev.estuary.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void missing_file_is_created_in_wal_mode_at_the_latest_schema_version() throws Exception {
        Path file = dir.resolve("sub/dir/estuary.db");
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Schema.latestVersion());
            assertThat(db.<String>read(c -> query(c, "PRAGMA journal_mode"))).isEqualTo("wal");
            assertThat(db.<String>read(c -> query(c, "PRAGMA application_id")))
                    .isEqualTo(String.valueOf(Schema.APPLICATION_ID));
        }
        assertThat(file).exists();
    }

    @Test
    void reopening_keeps_the_data_and_applies_no_migration_twice() {
        Path file = dir.resolve("estuary.db");
        try (Database db = Database.open(file)) {
            db.write(c -> exec(c, "INSERT INTO users VALUES ('alice', 'h', 0, 1, 1)"));
        }
        try (Database db = Database.open(file)) {
            assertThat(db.<String>read(c -> query(c, "SELECT username FROM users"))).isEqualTo("alice");
            assertThat(db.changeCounter("users")).isEqualTo(1);
        }
    }

    @Test
    void an_older_schema_is_migrated_forward_keeping_its_rows() throws Exception {
        Path file = dir.resolve("estuary.db");
        try (Database v1 = Database.open(file, Schema.MIGRATIONS.subList(0, 1))) {
            assertThat(v1.schemaVersion()).isEqualTo(1);
            v1.write(c -> exec(c, "INSERT INTO users VALUES ('bob', 'h', 1, 5, 6)"));
            assertThat(v1.<String>read(c -> query(c, "SELECT count(*) FROM sqlite_master WHERE name = 'changes'")))
                    .isEqualTo("0");
        }
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Schema.latestVersion());
            assertThat(db.<String>read(c -> query(c, "SELECT username || ':' || superuser FROM users")))
                    .isEqualTo("bob:1");
            long before = db.changeCounter("users");
            db.write(c -> exec(c, "UPDATE users SET superuser = 0"));
            assertThat(db.changeCounter("users")).isEqualTo(before + 1);
        }
    }

    @Test
    void a_failing_migration_leaves_the_previous_version_intact() {
        Path file = dir.resolve("estuary.db");
        Database.open(file, Schema.MIGRATIONS.subList(0, 1)).close();
        List<Migration> broken = List.of(Schema.MIGRATIONS.get(0),
                new Migration(2, "broken", List.of("CREATE TABLE half_done (x)", "THIS IS NOT SQL")));
        assertThatThrownBy(() -> Database.open(file, broken)).isInstanceOf(StoreException.class);
        try (Database db = Database.open(file, Schema.MIGRATIONS.subList(0, 1))) {
            assertThat(db.schemaVersion()).isEqualTo(1);
            assertThat(db.<String>read(c -> query(c, "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")))
                    .isEqualTo("0");
        }
    }

    @Test
    void a_text_file_is_refused_with_a_clear_error_and_left_untouched() throws Exception {
        Path file = dir.resolve("estuary.db");
        Files.writeString(file, "this is my shopping list\n");
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an SQLite database");
        assertThat(Files.readString(file)).isEqualTo("this is my shopping list\n");
    }

    @Test
    void a_corrupt_database_is_refused_not_reset() throws Exception {
        Path file = dir.resolve("estuary.db");
        try (Database db = Database.open(file)) {
            db.write(c -> {
                for (int i = 0; i < 200; i++) {
                    exec(c, "INSERT INTO users VALUES ('user" + i + "', '" + "x".repeat(500) + "', 0, 1, 1)");
                }
                return 0;
            });
            db.read(c -> exec(c, "PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] junk = new byte[(int) size - 4096];
            java.util.Arrays.fill(junk, (byte) 0x5A);
            raf.seek(4096); // keep the header page, trash every other page
            raf.write(junk);
        }
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
        assertThat(Files.size(file)).isEqualTo(size);
    }

    @Test
    void a_foreign_sqlite_database_is_refused() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE recipes (name TEXT)");
        }
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not Estuary's");
    }

    @Test
    void a_database_of_another_application_is_refused() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA application_id = 1234");
        }
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("another application");
    }

    @Test
    void a_schema_newer_than_this_build_is_refused() throws Exception {
        Path file = dir.resolve("estuary.db");
        Database.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + (Schema.latestVersion() + 1));
        }
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("newer");
    }

    @Test
    void a_directory_in_place_of_the_file_is_refused() throws Exception {
        Path file = dir.resolve("estuary.db");
        Files.createDirectories(file);
        assertThatThrownBy(() -> Database.open(file)).isInstanceOf(StoreException.class)
                .hasMessageContaining("directory");
    }

    @Test
    void a_second_connection_sees_committed_changes_through_the_change_counter() throws Exception {
        Path file = dir.resolve("estuary.db");
        try (Database gateway = Database.open(file); Database cli = Database.open(file)) {
            long before = gateway.changeCounter("acl");
            cli.write(c -> exec(c, "INSERT INTO acl_rules (position, permission, who_kind, action) "
                    + "VALUES (1, 'allow', 'all', 'all')"));
            assertThat(gateway.changeCounter("acl")).isEqualTo(before + 1);
        }
    }

    @Test
    void values_are_bound_as_data_never_as_sql() {
        Path file = dir.resolve("estuary.db");
        String hostile = "x'); DROP TABLE users; --\0\"%";
        try (Database db = Database.open(file)) {
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO users VALUES (?, 'h', 0, 1, 1)")) {
                    ps.setString(1, hostile);
                    return ps.executeUpdate();
                }
            });
            String back = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT username FROM users");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(back).isEqualTo(hostile);
            assertThat(back.getBytes(StandardCharsets.UTF_8)).contains((byte) 0);
        }
    }

    private static String query(Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Integer exec(Connection c, String sql) throws java.sql.SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return 0;
        }
    }
}
