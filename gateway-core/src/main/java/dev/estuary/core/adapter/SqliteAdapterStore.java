package dev.estuary.core.adapter;

import dev.estuary.core.spi.AdapterStore;
import dev.estuary.core.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The adapters' key-value store in {@code estuary.db} (table {@code adapter_store}), shared by all adapters; each
 * adapter sees its own rows through {@link #forAdapter}. Calls block on SQLite, as the SPI documents, so adapters
 * make them from their own threads. The CLI's credential commands write the same table.
 */
public final class SqliteAdapterStore {
    private final Database db;
    private final Clock clock;

    public SqliteAdapterStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The store one adapter sees. */
    public AdapterStore forAdapter(String adapterId) {
        return new AdapterStore() {
            @Override
            public Optional<byte[]> get(String namespace, String key) {
                return db.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT value FROM adapter_store WHERE adapter = ? AND namespace = ? AND key = ?")) {
                        ps.setString(1, adapterId);
                        ps.setString(2, namespace);
                        ps.setString(3, key);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                        }
                    }
                });
            }

            @Override
            public void put(String namespace, String key, byte[] value) {
                db.write(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO adapter_store (adapter, namespace, key, value, updated_at) VALUES (?, ?, ?, ?, ?)"
                                    + " ON CONFLICT (adapter, namespace, key) DO UPDATE SET value = excluded.value,"
                                    + " updated_at = excluded.updated_at")) {
                        ps.setString(1, adapterId);
                        ps.setString(2, namespace);
                        ps.setString(3, key);
                        ps.setBytes(4, value);
                        ps.setLong(5, clock.millis());
                        return ps.executeUpdate();
                    }
                });
            }

            @Override
            public boolean delete(String namespace, String key) {
                return db.write(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM adapter_store WHERE adapter = ? AND namespace = ? AND key = ?")) {
                        ps.setString(1, adapterId);
                        ps.setString(2, namespace);
                        ps.setString(3, key);
                        return ps.executeUpdate() > 0;
                    }
                });
            }

            @Override
            public Map<String, byte[]> list(String namespace) {
                return db.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT key, value FROM adapter_store WHERE adapter = ? AND namespace = ? ORDER BY key")) {
                        ps.setString(1, adapterId);
                        ps.setString(2, namespace);
                        Map<String, byte[]> out = new TreeMap<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.put(rs.getString(1), rs.getBytes(2));
                            }
                        }
                        return out;
                    }
                });
            }
        };
    }
}
