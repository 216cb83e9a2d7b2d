package dev.estuary.core.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.store.Database;
import dev.estuary.core.store.StoreException;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAclStoreTest extends AclStoreContractTest {
    @TempDir
    Path dir;
    private Database db;

    @Override
    protected AclStore create() {
        db = Database.open(dir.resolve("estuary.db"));
        SqliteAclStore s = new SqliteAclStore(db);
        s.replaceAll(java.util.List.of()); // the contract starts from an empty list; see the test below
        return s;
    }

    @Test
    void a_new_database_starts_with_the_default_sys_and_device_rules() {
        try (Database fresh = Database.open(dir.resolve("fresh.db"))) {
            assertThat(new SqliteAclStore(fresh).list()).extracting(AclRule::toString).containsExactly(
                    "{allow, {ipaddr, \"127.0.0.1\"}, subscribe, [\"$SYS/#\"]}",
                    "{allow, {ipaddr, \"::1\"}, subscribe, [\"$SYS/#\"]}",
                    "{deny, all, all, [\"$SYS/#\"]}",
                    "{allow, {adapter, \"*\"}, publish, [\"devices/%a/%d/up/#\", \"devices/%a/%d/status\", "
                            + "\"devices/%a/%d/events/#\", \"devices/%a/%d/reply\"]}",
                    "{allow, {adapter, \"*\"}, subscribe, [\"devices/%a/%d/down/#\"]}",
                    "{allow, {clientid, \"lwm2m-server:server\"}, subscribe, [\"devices/lwm2m/+/down/#\"]}",
                    "{allow, {clientid, \"lwm2m-server:server\"}, publish, [\"devices/lwm2m/+/reply\"]}",
                    "{deny, {adapter, \"*\"}, all, [\"devices/#\"]}");
        }
    }

    @Test
    void default_rules_let_the_lwm2m_server_session_answer_commands_to_any_endpoint_but_no_endpoint_another_ones() {
        try (Database fresh = Database.open(dir.resolve("fresh.db"))) {
            AclEngine engine = new AclEngine(new SqliteAclStore(fresh).list(), false, 32);
            var server = engine.forClient(new dev.estuary.core.session.ClientInfo("lwm2m-server:server", null,
                    new java.net.InetSocketAddress("127.0.0.1", 5783), "lwm2m server", 0, "lwm2m", "lwm2m-server",
                    "server", 0, 0, false, false, null));
            assertThat(server.canSubscribe("devices/lwm2m/+/down/#")).isTrue();
            assertThat(server.canSubscribe("devices/coap/+/down/#")).isFalse();
            assertThat(server.canPublish("devices/lwm2m/meter-9/reply")).isTrue();
            assertThat(server.canPublish("devices/lwm2m/meter-9/up/3303/0/5700")).isFalse();
            var meter = engine.forClient(AclEngineTest.device("lwm2m", "meter-1", null));
            assertThat(meter.canSubscribe("devices/lwm2m/meter-1/down/#")).isTrue();
            assertThat(meter.canSubscribe("devices/lwm2m/+/down/#")).isFalse();
            assertThat(meter.canReceive("devices/lwm2m/meter-2/down/read")).isFalse();
            assertThat(meter.canPublish("devices/lwm2m/meter-2/reply")).isFalse();
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void deleting_a_rule_deletes_its_topics() {
        AclRule r = store.add(rule("{allow, all, publish, [\"a\", \"b\"]}"));
        store.delete(r.id());
        assertThat(db.<Integer>read(c -> {
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM acl_topics")) {
                rs.next();
                return rs.getInt(1);
            }
        })).isZero();
    }

    @Test
    void an_invalid_row_edited_by_hand_is_an_error_naming_the_rule_not_a_silent_skip() {
        AclRule r = store.add(rule("{allow, {ipaddr, \"10.0.0.0/8\"}, publish, [\"a\"]}"));
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("UPDATE acl_rules SET who_value = 'not-an-ip' WHERE id = " + r.id());
            }
        });
        assertThatThrownBy(() -> store.list())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("ACL rule " + r.id())
                .hasMessageContaining("not-an-ip");
    }
}
