package dev.estuary.core.auth;

import dev.estuary.core.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link UserStore} in the {@code users} table of {@code estuary.db}. Prepared statements only. */
public final class SqliteUserStore implements UserStore {
    private static final String COLUMNS = "username, password_hash, superuser, created_at, updated_at";

    private final Database db;
    private final Clock clock;

    public SqliteUserStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Optional<User> find(String username) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.<User>empty();
                }
            }
        });
    }

    @Override
    public List<User> list() {
        return db.read(c -> {
            List<User> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(user(rs));
                }
            }
            return out;
        });
    }

    @Override
    public boolean add(String username, String passwordHash, boolean superuser) {
        long now = clock.millis();
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (username) DO NOTHING")) {
                ps.setString(1, username);
                ps.setString(2, passwordHash);
                ps.setInt(3, superuser ? 1 : 0);
                ps.setLong(4, now);
                ps.setLong(5, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean setPassword(String username, String passwordHash) {
        return update("UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?", passwordHash, username);
    }

    @Override
    public boolean setSuperuser(String username, boolean superuser) {
        return update("UPDATE users SET superuser = ?, updated_at = ? WHERE username = ?", superuser ? 1 : 0,
                username);
    }

    private boolean update(String sql, Object value, String username) {
        long now = clock.millis();
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, value);
                ps.setLong(2, now);
                ps.setString(3, username);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(String username) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
                ps.setString(1, username);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public long version() {
        return db.changeCounter("users");
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getLong(4), rs.getLong(5));
    }
}
