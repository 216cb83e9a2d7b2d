package dev.estuary.core.ban;

import dev.estuary.core.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The ban list in {@code estuary.db} (table {@code banned}). Blocking: call it from the database executor or a
 * management thread, never from an event loop ({@link BanList} answers connect checks from memory).
 */
public final class BanStore {
    private final Database db;

    public BanStore(Database db) {
        this.db = db;
    }

    /** Every ban, expired ones included. */
    public List<Ban> list() {
        return db.read(c -> {
            List<Ban> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, value, reason, by, created_at, until FROM banned ORDER BY created_at, kind, value");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Ban(BanKind.parse(rs.getString(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getLong(6)));
                }
            }
            return out;
        });
    }

    /** Adds or replaces the ban of {@code ban.kind()} and {@code ban.value()}. */
    public void put(Ban ban) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO banned (kind, value, reason, by, created_at,"
                    + " until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, value) DO UPDATE SET reason ="
                    + " excluded.reason, by = excluded.by, created_at = excluded.created_at, until = excluded.until")) {
                ps.setString(1, ban.kind().label());
                ps.setString(2, ban.value());
                ps.setString(3, ban.reason());
                ps.setString(4, ban.by());
                ps.setLong(5, ban.createdAtMillis());
                ps.setLong(6, ban.untilMillis());
                return ps.executeUpdate();
            }
        });
    }

    /** Removes a ban; false when there was none. */
    public boolean delete(Ban.Key key) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM banned WHERE kind = ? AND value = ?")) {
                ps.setString(1, key.kind().label());
                ps.setString(2, key.value());
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Removes the bans that expired before {@code nowMillis}; returns how many. */
    public int deleteExpired(long nowMillis) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM banned WHERE until <> 0 AND until <= ?")) {
                ps.setLong(1, nowMillis);
                return ps.executeUpdate();
            }
        });
    }
}
