package dev.estuary.core.acl;

import dev.estuary.core.store.Database;
import dev.estuary.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AclStore} in the {@code acl_rules} and {@code acl_topics} tables of {@code estuary.db}. Prepared statements
 * only. A stored row that is not a valid rule (edited by hand) makes {@link #list} fail with a
 * {@link StoreException} naming the rule: the gateway then refuses to start, or keeps its previous rules on reload,
 * rather than guess.
 */
public final class SqliteAclStore implements AclStore {
    private final Database db;

    public SqliteAclStore(Database db) {
        this.db = db;
    }

    @Override
    public List<AclRule> list() {
        return db.read(SqliteAclStore::load);
    }

    private static List<AclRule> load(Connection c) throws SQLException {
        Map<Long, List<AclTopic>> topics = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT rule_id, filter, exact FROM acl_topics ORDER BY rule_id, ordinal");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                AclTopic t = row(id, () -> new AclTopic(rs.getString(2), rs.getInt(3) == 1));
                topics.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
            }
        }
        Map<Long, AclRule> rules = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, permission, who_kind, who_value, action FROM acl_rules ORDER BY position, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String perm = rs.getString(2);
                String kind = rs.getString(3);
                String value = rs.getString(4);
                String action = rs.getString(5);
                rules.put(id, row(id, () -> new AclRule(id, Permission.parse(perm),
                        new Who(Who.Kind.parse(kind), value), AclAction.parse(action),
                        topics.getOrDefault(id, List.of()))));
            }
        }
        return new ArrayList<>(rules.values());
    }

    private static <T> T row(long id, SqlSupplier<T> f) throws SQLException {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            throw new StoreException("ACL rule " + id + " in the database is invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public AclRule add(AclRule rule) {
        return db.write(c -> insertAt(c, nextPosition(c), rule));
    }

    @Override
    public AclRule insert(int position, AclRule rule) {
        if (position < 1) {
            throw new IllegalArgumentException("positions start at 1: " + position);
        }
        return db.write(c -> {
            List<Long> order = orderedIds(c);
            if (position > order.size()) {
                return insertAt(c, nextPosition(c), rule);
            }
            // renumber densely with a gap at the requested place
            try (PreparedStatement ps = c.prepareStatement("UPDATE acl_rules SET position = ? WHERE id = ?")) {
                for (int i = 0; i < order.size(); i++) {
                    ps.setInt(1, i + 1 < position ? i + 1 : i + 2);
                    ps.setLong(2, order.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return insertAt(c, position, rule);
        });
    }

    private static List<Long> orderedIds(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM acl_rules ORDER BY position, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static int nextPosition(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(position), 0) + 1 FROM acl_rules")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static AclRule insertAt(Connection c, int position, AclRule rule) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO acl_rules (position, permission, who_kind, "
                + "who_value, action) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, position);
            ps.setString(2, rule.permission().label());
            ps.setString(3, rule.who().kind().label());
            ps.setString(4, rule.who().value());
            ps.setString(5, rule.action().label());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO acl_topics (rule_id, ordinal, filter, exact) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < rule.topics().size(); i++) {
                AclTopic t = rule.topics().get(i);
                ps.setLong(1, id);
                ps.setInt(2, i);
                ps.setString(3, t.filter());
                ps.setInt(4, t.exact() ? 1 : 0);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rule.withId(id);
    }

    @Override
    public boolean delete(long id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM acl_rules WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<AclRule> replaceAll(List<AclRule> rules) {
        return db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM acl_rules");
            }
            List<AclRule> out = new ArrayList<>(rules.size());
            for (int i = 0; i < rules.size(); i++) {
                out.add(insertAt(c, i + 1, rules.get(i)));
            }
            return out;
        });
    }

    @Override
    public long version() {
        return db.changeCounter("acl");
    }

    /** A row conversion that may read the result set. */
    @FunctionalInterface
    private interface SqlSupplier<T> {
        T get() throws SQLException;
    }
}
