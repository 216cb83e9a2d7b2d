package dev.estuary.management.auth;

import dev.estuary.core.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * API keys in {@code estuary.db} (table {@code api_keys}). Blocking: called from management threads only.
 */
public final class ApiKeyStore {
    private final Database db;

    public ApiKeyStore(Database db) {
        this.db = db;
    }

    public List<ApiKey> list() {
        return db.read(c -> {
            List<ApiKey> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, secret_hash, description, created_at,"
                    + " expires_at FROM api_keys ORDER BY name"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
            return out;
        });
    }

    /** Adds or replaces a key. */
    public void put(ApiKey key) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (name, secret_hash, description,"
                    + " created_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET secret_hash ="
                    + " excluded.secret_hash, description = excluded.description, created_at = excluded.created_at,"
                    + " expires_at = excluded.expires_at")) {
                ps.setString(1, key.name());
                ps.setString(2, key.secretHash());
                ps.setString(3, key.description());
                ps.setLong(4, key.createdAtMillis());
                ps.setLong(5, key.expiresAtMillis());
                return ps.executeUpdate();
            }
        });
    }

    public boolean delete(String name) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_keys WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
