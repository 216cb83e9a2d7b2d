package dev.estuary.core.store;

import java.util.List;

/**
 * The schema of {@code estuary.db}, as the ordered list of its forward migrations. A new feature that needs tables
 * appends a migration here; released migrations are never edited.
 */
public final class Schema {
    /** {@code PRAGMA application_id} of an Estuary database ("ESTY"): tells our file from a foreign one. */
    public static final int APPLICATION_ID = 0x45535459;

    /** The position of the default {@code {deny, {adapter, "*"}, all, ["devices/#"]}} rule (NULL when deleted). */
    private static final String DEFAULT_DENY_POSITION = "SELECT MIN(r.position) FROM acl_rules r JOIN acl_topics t"
            + " ON t.rule_id = r.id WHERE r.permission = 'deny' AND r.who_kind = 'adapter' AND r.who_value = '*'"
            + " AND r.action = 'all' AND t.filter = 'devices/#'";

    /** Every migration, in version order. */
    public static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "users and ACL rules", List.of(
                    "CREATE TABLE users ("
                            + " username TEXT PRIMARY KEY NOT NULL,"
                            + " password_hash TEXT NOT NULL,"
                            + " superuser INTEGER NOT NULL DEFAULT 0 CHECK (superuser IN (0, 1)),"
                            + " created_at INTEGER NOT NULL,"
                            + " updated_at INTEGER NOT NULL)",
                    "CREATE TABLE acl_rules ("
                            + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            + " position INTEGER NOT NULL,"
                            + " permission TEXT NOT NULL CHECK (permission IN ('allow', 'deny')),"
                            + " who_kind TEXT NOT NULL CHECK (who_kind IN ('all', 'user', 'clientid', 'ipaddr', 'adapter')),"
                            + " who_value TEXT,"
                            + " action TEXT NOT NULL CHECK (action IN ('publish', 'subscribe', 'all')))",
                    "CREATE INDEX acl_rules_position ON acl_rules (position)",
                    "CREATE TABLE acl_topics ("
                            + " rule_id INTEGER NOT NULL REFERENCES acl_rules (id) ON DELETE CASCADE,"
                            + " ordinal INTEGER NOT NULL,"
                            + " filter TEXT NOT NULL,"
                            + " exact INTEGER NOT NULL DEFAULT 0 CHECK (exact IN (0, 1)),"
                            + " PRIMARY KEY (rule_id, ordinal))")),
            new Migration(2, "change counters, so a running gateway sees changes made by the CLI", List.of(
                    "CREATE TABLE changes (name TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL)",
                    "INSERT INTO changes (name, version) VALUES ('users', 0), ('acl', 0)",
                    bump("users_insert", "INSERT", "users", "users"),
                    bump("users_update", "UPDATE", "users", "users"),
                    bump("users_delete", "DELETE", "users", "users"),
                    bump("acl_rules_insert", "INSERT", "acl_rules", "acl"),
                    bump("acl_rules_update", "UPDATE", "acl_rules", "acl"),
                    bump("acl_rules_delete", "DELETE", "acl_rules", "acl"),
                    bump("acl_topics_insert", "INSERT", "acl_topics", "acl"),
                    bump("acl_topics_update", "UPDATE", "acl_topics", "acl"),
                    bump("acl_topics_delete", "DELETE", "acl_topics", "acl"))),
            new Migration(3, "default ACL rules for devices behind adapters (docs/topic-model.md)", List.of(
                    rule("allow", "publish"),
                    topic(0, "devices/%a/%d/up/#"),
                    topic(1, "devices/%a/%d/status"),
                    topic(2, "devices/%a/%d/events/#"),
                    topic(3, "devices/%a/%d/reply"),
                    rule("allow", "subscribe"),
                    topic(0, "devices/%a/%d/down/#"),
                    rule("deny", "all"),
                    topic(0, "devices/#"))),
            new Migration(4, "adapter key-value store (credentials, device state)", List.of(
                    "CREATE TABLE adapter_store ("
                            + " adapter TEXT NOT NULL,"
                            + " namespace TEXT NOT NULL,"
                            + " key TEXT NOT NULL,"
                            + " value BLOB NOT NULL,"
                            + " updated_at INTEGER NOT NULL,"
                            + " PRIMARY KEY (adapter, namespace, key))",
                    "INSERT INTO changes (name, version) VALUES ('adapter_store', 0)",
                    bump("adapter_store_insert", "INSERT", "adapter_store", "adapter_store"),
                    bump("adapter_store_update", "UPDATE", "adapter_store", "adapter_store"),
                    bump("adapter_store_delete", "DELETE", "adapter_store", "adapter_store"))),
            new Migration(5, "the LwM2M server's session may answer commands to unregistered endpoints", List.of(
                    // make room for two rules just before the default device deny rule if it is still there
                    "UPDATE acl_rules SET position = position + 2 WHERE position >= (" + DEFAULT_DENY_POSITION + ")",
                    ruleBeforeDefaultDeny(2, "allow", "clientid", "lwm2m-server:server", "subscribe"),
                    topic(0, "devices/lwm2m/+/down/#"),
                    ruleBeforeDefaultDeny(1, "allow", "clientid", "lwm2m-server:server", "publish"),
                    topic(0, "devices/lwm2m/+/reply"))),
            new Migration(6, "operations: banned clients, management API keys, default $SYS ACL rules", List.of(
                    "CREATE TABLE banned ("
                            + " kind TEXT NOT NULL CHECK (kind IN ('clientid', 'username', 'ipaddr')),"
                            + " value TEXT NOT NULL,"
                            + " reason TEXT,"
                            + " by TEXT,"
                            + " created_at INTEGER NOT NULL,"
                            + " until INTEGER NOT NULL DEFAULT 0,"
                            + " PRIMARY KEY (kind, value))",
                    "CREATE TABLE api_keys ("
                            + " name TEXT PRIMARY KEY NOT NULL,"
                            + " secret_hash TEXT NOT NULL,"
                            + " description TEXT,"
                            + " created_at INTEGER NOT NULL,"
                            + " expires_at INTEGER NOT NULL DEFAULT 0)",
                    // $SYS is readable from this host only and writable by nobody (superusers skip the ACL);
                    // these rules go first so that no later 'allow' opens $SYS by accident (docs/security.md)
                    "UPDATE acl_rules SET position = position + 3",
                    sysRule(1, "allow", "ipaddr", "'127.0.0.1'", "subscribe"),
                    topic(0, "$SYS/#"),
                    sysRule(2, "allow", "ipaddr", "'::1'", "subscribe"),
                    topic(0, "$SYS/#"),
                    sysRule(3, "deny", "all", "NULL", "all"),
                    topic(0, "$SYS/#"))));

    private Schema() {
    }

    /** The version a fully migrated database has. */
    public static int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** Appends a rule for every device ({@code {adapter, "*"}}); its topics follow with {@link #topic}. */
    private static String rule(String permission, String action) {
        return "INSERT INTO acl_rules (position, permission, who_kind, who_value, action) VALUES ("
                + "(SELECT COALESCE(MAX(position), 0) + 1 FROM acl_rules), '" + permission + "', 'adapter', '*', '"
                + action + "')";
    }

    /**
     * A rule {@code offset} places before the default device deny rule (which has been moved down to make room),
     * or appended when that rule was deleted; its topics follow with {@link #topic}.
     */
    private static String ruleBeforeDefaultDeny(int offset, String permission, String whoKind, String whoValue,
                                                String action) {
        return "INSERT INTO acl_rules (position, permission, who_kind, who_value, action) VALUES (COALESCE(("
                + DEFAULT_DENY_POSITION + ") - " + offset + ", (SELECT COALESCE(MAX(position), 0) + 1 FROM acl_rules)),"
                + " '" + permission + "', '" + whoKind + "', '" + whoValue + "', '" + action + "')";
    }

    /** A rule at a given position (the positions after it were made free). */
    private static String sysRule(int position, String permission, String whoKind, String whoValue, String action) {
        return "INSERT INTO acl_rules (position, permission, who_kind, who_value, action) VALUES (" + position + ", '"
                + permission + "', '" + whoKind + "', " + whoValue + ", '" + action + "')";
    }

    /** A topic of the rule appended last. */
    private static String topic(int ordinal, String filter) {
        return "INSERT INTO acl_topics (rule_id, ordinal, filter, exact) VALUES ((SELECT MAX(id) FROM acl_rules), "
                + ordinal + ", '" + filter + "', 0)";
    }

    private static String bump(String trigger, String event, String table, String counter) {
        return "CREATE TRIGGER " + trigger + " AFTER " + event + " ON " + table
                + " BEGIN UPDATE changes SET version = version + 1 WHERE name = '" + counter + "'; END";
    }
}
