package dev.estuary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.acl.AclConf;
import dev.estuary.core.acl.AclRule;
import dev.estuary.core.acl.SqliteAclStore;
import dev.estuary.core.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AclCommandTest {
    static final String SAMPLE = String.join("\n",
            "%% sample acl.conf",
            "{allow, {user, \"dashboard\"}, subscribe, [\"$SYS/#\"]}.",
            "{allow, {ipaddr, \"127.0.0.1\"}, all, [\"$SYS/#\", \"#\"]}.",
            "{deny, all, subscribe, [\"$SYS/#\", {eq, \"#\"}]}.",
            "{allow, all}.",
            "");

    @TempDir
    Path dir;

    private String db() {
        return dir.resolve("estuary.db").toString();
    }

    /** Starts each test from an empty rule list (a new database has the default device rules). */
    @BeforeEach
    void emptyRules() throws Exception {
        Path empty = dir.resolve("empty.conf");
        Files.writeString(empty, "%% no rules\n");
        assertThat(Cli.run("acl", "import", "--db", db(), empty.toString()).exitCode()).isZero();
        assertThat(stored()).isEmpty();
    }

    @Test
    void a_new_database_lists_the_default_sys_and_device_rules() {
        Cli r = Cli.run("acl", "list", "--db", dir.resolve("fresh.db").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("{allow, {ipaddr, \"127.0.0.1\"}, subscribe, [\"$SYS/#\"]}.",
                "{allow, {ipaddr, \"::1\"}, subscribe, [\"$SYS/#\"]}.",
                "{deny, all, all, [\"$SYS/#\"]}.",
                "{allow, {adapter, \"*\"}, publish, [\"devices/%a/%d/up/#\"",
                "{allow, {adapter, \"*\"}, subscribe, [\"devices/%a/%d/down/#\"]}.",
                "{allow, {clientid, \"lwm2m-server:server\"}, subscribe, [\"devices/lwm2m/+/down/#\"]}.",
                "{allow, {clientid, \"lwm2m-server:server\"}, publish, [\"devices/lwm2m/+/reply\"]}.",
                "{deny, {adapter, \"*\"}, all, [\"devices/#\"]}.",
                "8 rules");
    }

    private List<AclRule> stored() {
        try (Database d = Database.open(Path.of(db()))) {
            return new SqliteAclStore(d).list();
        }
    }

    @Test
    void import_then_export_round_trips_a_valid_file() throws Exception {
        Path in = dir.resolve("acl.conf");
        Files.writeString(in, SAMPLE);
        Cli imp = Cli.run("acl", "import", "--db", db(), in.toString());
        assertThat(imp.exitCode()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("imported 4 rules");
        Cli exp = Cli.run("acl", "export", "--db", db());
        assertThat(exp.exitCode()).isZero();
        assertThat(AclConf.parse(exp.out())).isEqualTo(AclConf.parse(SAMPLE));
        Path out = dir.resolve("exported.conf");
        assertThat(Cli.run("acl", "export", "--db", db(), "-o", out.toString()).exitCode()).isZero();
        assertThat(Files.readString(out)).isEqualTo(exp.out());
        Cli again = Cli.run("acl", "import", "--db", db(), out.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(Cli.run("acl", "export", "--db", db()).out()).isEqualTo(exp.out());
    }

    @Test
    void import_with_a_syntax_error_names_the_line_and_imports_nothing() throws Exception {
        Cli.run("acl", "add", "--db", db(), "{deny, all}");
        Path in = dir.resolve("broken.conf");
        Files.writeString(in, "%% comment\n{allow, all, publish, [\"a\"]}.\n{allow, {user \"bob\"}, all, [\"b\"]}.\n");
        Cli r = Cli.run("acl", "import", "--db", db(), in.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains(in + ":3:15: expected ',' after user, found the string \"bob\"");
        assertThat(r.err()).contains("nothing imported");
        assertThat(stored()).extracting(AclRule::toString).containsExactly("{deny, all}");
    }

    @Test
    void import_append_keeps_the_existing_rules_first() throws Exception {
        Cli.run("acl", "add", "--db", db(), "{deny, {user, \"x\"}}");
        Path in = dir.resolve("acl.conf");
        Files.writeString(in, SAMPLE);
        assertThat(Cli.run("acl", "import", "--db", db(), "--append", in.toString()).exitCode()).isZero();
        assertThat(stored()).hasSize(5);
        assertThat(stored().get(0).toString()).isEqualTo("{deny, {user, \"x\"}}");
    }

    @Test
    void add_takes_acl_conf_text_or_options_and_a_position() {
        assertThat(Cli.run("acl", "add", "--db", db(), "{allow, all, publish, [\"a/#\"]}.").exitCode()).isZero();
        Cli r = Cli.run("acl", "add", "--db", db(), "--deny", "--who", "user:bob", "--action", "subscribe",
                "--topic", "secret/#", "--eq", "#", "--position", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("{deny, {user, \"bob\"}, subscribe, [\"secret/#\", {eq, \"#\"}]}.");
        assertThat(Cli.run("acl", "add", "--db", db(), "--who", "ipaddr:10.0.0.0/8").exitCode()).isZero();
        assertThat(stored()).extracting(AclRule::toString).containsExactly(
                "{deny, {user, \"bob\"}, subscribe, [\"secret/#\", {eq, \"#\"}]}",
                "{allow, all, publish, [\"a/#\"]}",
                "{allow, {ipaddr, \"10.0.0.0/8\"}}");
    }

    @Test
    void add_refuses_invalid_rules_with_the_reason() {
        Cli bad = Cli.run("acl", "add", "--db", db(), "{allow, all, publish, [\"a/#/b\"]}");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).contains("line 1, column 24", "'#' must be the last level");
        Cli badIp = Cli.run("acl", "add", "--db", db(), "--who", "ipaddr:nope", "--topic", "a");
        assertThat(badIp.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(badIp.err()).contains("not an IP address");
        Cli noTopic = Cli.run("acl", "add", "--db", db(), "--action", "publish");
        assertThat(noTopic.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(noTopic.err()).contains("needs at least one topic");
        assertThat(stored()).isEmpty();
    }

    @Test
    void list_shows_ids_and_positions_and_del_removes_by_id() {
        Cli.run("acl", "add", "--db", db(), "{allow, {user, \"a\"}}");
        Cli.run("acl", "add", "--db", db(), "{allow, {user, \"b\"}}");
        List<AclRule> rules = stored();
        Cli list = Cli.run("acl", "list", "--db", db());
        assertThat(list.out()).containsSubsequence("ID", "POS", "RULE",
                rules.get(0).id() + "    1  {allow, {user, \"a\"}}.", "{allow, {user, \"b\"}}.", "2 rules");
        assertThat(Cli.run("acl", "del", "--db", db(), String.valueOf(rules.get(0).id())).exitCode()).isZero();
        assertThat(stored()).extracting(AclRule::id).containsExactly(rules.get(1).id());
        Cli missing = Cli.run("acl", "del", "--db", db(), "9999");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err()).contains("no rule 9999");
    }
}
