package dev.estuary.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every {@link UserStore} must have; subclasses supply the implementation. */
@Timeout(30)
abstract class UserStoreContractTest {
    protected static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    protected UserStore store;

    protected abstract UserStore create();

    @BeforeEach
    void setUp() {
        store = create();
    }

    @Test
    void added_user_is_found_with_its_hash_flag_and_times() {
        assertThat(store.add("alice", "hash-a", true)).isTrue();
        User u = store.find("alice").orElseThrow();
        assertThat(u.username()).isEqualTo("alice");
        assertThat(u.passwordHash()).isEqualTo("hash-a");
        assertThat(u.superuser()).isTrue();
        assertThat(u.createdAtMillis()).isEqualTo(CLOCK.millis());
        assertThat(u.updatedAtMillis()).isEqualTo(CLOCK.millis());
        assertThat(store.find("bob")).isEmpty();
    }

    @Test
    void adding_an_existing_user_changes_nothing() {
        store.add("alice", "first", false);
        assertThat(store.add("alice", "second", true)).isFalse();
        assertThat(store.find("alice").orElseThrow().passwordHash()).isEqualTo("first");
    }

    @Test
    void names_are_case_sensitive() {
        store.add("Alice", "h", false);
        assertThat(store.find("alice")).isEmpty();
    }

    @Test
    void password_and_superuser_can_be_changed() {
        store.add("alice", "old", false);
        assertThat(store.setPassword("alice", "new")).isTrue();
        assertThat(store.setSuperuser("alice", true)).isTrue();
        User u = store.find("alice").orElseThrow();
        assertThat(u.passwordHash()).isEqualTo("new");
        assertThat(u.superuser()).isTrue();
        assertThat(store.setPassword("nobody", "x")).isFalse();
        assertThat(store.setSuperuser("nobody", true)).isFalse();
    }

    @Test
    void deleted_user_is_gone() {
        store.add("alice", "h", false);
        assertThat(store.delete("alice")).isTrue();
        assertThat(store.delete("alice")).isFalse();
        assertThat(store.find("alice")).isEmpty();
    }

    @Test
    void list_is_ordered_by_name() {
        store.add("carol", "h", false);
        store.add("alice", "h", false);
        store.add("bob", "h", true);
        assertThat(store.list()).extracting(User::username).containsExactly("alice", "bob", "carol");
    }

    @Test
    void every_change_moves_the_version_and_reads_do_not() {
        long v0 = store.version();
        store.add("alice", "h", false);
        long v1 = store.version();
        store.find("alice");
        store.list();
        assertThat(store.version()).isEqualTo(v1).isNotEqualTo(v0);
        store.setPassword("alice", "h2");
        long v2 = store.version();
        store.setSuperuser("alice", true);
        long v3 = store.version();
        store.delete("alice");
        assertThat(List.of(v0, v1, v2, v3, store.version())).doesNotHaveDuplicates();
    }

    @Test
    void hostile_names_are_stored_and_found_exactly_as_data() {
        List<String> names = List.of("o'brien", "\"quoted\"", "100%", "%u", "'; DROP TABLE users; --",
                "a\0b", "\0", "x".repeat(65536), "名前", "a/b/#/+", " ");
        for (String n : names) {
            assertThat(store.add(n, "hash:" + n.length(), false)).as(n.length() > 20 ? "long" : n).isTrue();
        }
        for (String n : names) {
            assertThat(store.find(n).orElseThrow().username()).isEqualTo(n);
        }
        assertThat(store.find("a")).isEmpty();
        assertThat(store.find("o'brien'")).isEmpty();
        assertThat(store.list()).hasSize(names.size());
        assertThat(store.delete("a\0b")).isTrue();
        assertThat(store.find("\0")).isPresent();
    }
}
