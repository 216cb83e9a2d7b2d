package dev.estuary.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.spi.AdapterStore;
import dev.estuary.core.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The adapters' SQLite store: per-adapter isolation, namespaces, overwrite, delete, durability across reopen. */
@Timeout(20)
class SqliteAdapterStoreTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void values_are_kept_per_adapter_and_namespace_and_survive_reopening() {
        Path file = dir.resolve("estuary.db");
        try (Database db = Database.open(file)) {
            SqliteAdapterStore stores = new SqliteAdapterStore(db, Clock.systemUTC());
            AdapterStore coap = stores.forAdapter("coap");
            AdapterStore lwm2m = stores.forAdapter("lwm2m");
            coap.put("psk", "dev-1", b("k1"));
            coap.put("psk", "dev-1", b("k1b"));
            coap.put("psk", "dev-2", b("k2"));
            coap.put("other", "dev-1", b("x"));
            lwm2m.put("psk", "dev-1", b("l1"));
            assertThat(coap.get("psk", "dev-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("k1b")));
            assertThat(coap.list("psk")).containsOnlyKeys("dev-1", "dev-2");
            assertThat(lwm2m.list("psk")).containsOnlyKeys("dev-1");
            assertThat(coap.delete("psk", "dev-2")).isTrue();
            assertThat(coap.delete("psk", "dev-2")).isFalse();
            assertThat(coap.get("psk", "missing")).isEmpty();
        }
        try (Database db = Database.open(file)) {
            AdapterStore coap = new SqliteAdapterStore(db, Clock.systemUTC()).forAdapter("coap");
            assertThat(coap.list("psk")).containsOnlyKeys("dev-1");
            assertThat(coap.get("other", "dev-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("x")));
        }
    }

    @Test
    void hostile_keys_are_data() {
        try (Database db = Database.open(dir.resolve("estuary.db"))) {
            AdapterStore s = new SqliteAdapterStore(db, Clock.systemUTC()).forAdapter("coap");
            String key = "x'); DROP TABLE adapter_store; --\0%";
            s.put("psk", key, b("v"));
            assertThat(s.list("psk")).containsOnlyKeys(key);
        }
    }
}
