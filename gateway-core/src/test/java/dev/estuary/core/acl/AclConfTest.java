package dev.estuary.core.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AclConfTest {
    static final String SAMPLE = String.join("\n",
            "%%--------------------------------------------------------------------",
            "%% ACL rules in the EMQX / Mosquitto style",
            "%%--------------------------------------------------------------------",
            "",
            "{allow, {user, \"dashboard\"}, subscribe, [\"$SYS/#\"]}.",
            "",
            "{allow, {ipaddr, \"127.0.0.1\"}, all, [\"$SYS/#\", \"#\"]}.",
            "",
            "{deny, all, subscribe, [\"$SYS/#\", {eq, \"#\"}]}.   % trailing comment",
            "{allow, {clientid, \"meter-%c\"}, publish, [\"meters/%c/up\"]}.",
            "{deny, {ipaddr, \"2001:db8::/32\"}, publish, [\"#\"]}.",
            "{allow, all}.",
            "");

    @Test
    void sample_file_parses_into_ordered_rules() {
        List<AclRule> rules = AclConf.parse(SAMPLE);
        assertThat(rules).containsExactly(
                AclRule.of(Permission.ALLOW, Who.user("dashboard"), AclAction.SUBSCRIBE,
                        List.of(AclTopic.filter("$SYS/#"))),
                AclRule.of(Permission.ALLOW, Who.ipAddr("127.0.0.1"), AclAction.ALL,
                        List.of(AclTopic.filter("$SYS/#"), AclTopic.filter("#"))),
                AclRule.of(Permission.DENY, Who.all(), AclAction.SUBSCRIBE,
                        List.of(AclTopic.filter("$SYS/#"), AclTopic.eq("#"))),
                AclRule.of(Permission.ALLOW, Who.clientId("meter-%c"), AclAction.PUBLISH,
                        List.of(AclTopic.filter("meters/%c/up"))),
                AclRule.of(Permission.DENY, Who.ipAddr("2001:db8::/32"), AclAction.PUBLISH,
                        List.of(AclTopic.filter("#"))),
                AclRule.everything(Permission.ALLOW, Who.all()));
    }

    @Test
    void emqx_aliases_are_accepted() {
        List<AclRule> rules = AclConf.parse("{allow, {username, \"a\"}, pubsub, [\"t\"]}.\n"
                + "{deny, {client, \"c\"}, publish, [\"t\"]}.\n{allow, 'all'}.");
        assertThat(rules.get(0).who()).isEqualTo(Who.user("a"));
        assertThat(rules.get(0).action()).isEqualTo(AclAction.ALL);
        assertThat(rules.get(1).who()).isEqualTo(Who.clientId("c"));
        assertThat(rules.get(2)).isEqualTo(AclRule.everything(Permission.ALLOW, Who.all()));
    }

    @Test
    void a_valid_file_round_trips_through_export() {
        List<AclRule> rules = AclConf.parse(SAMPLE);
        String exported = AclConf.format(rules);
        assertThat(AclConf.parse(exported)).isEqualTo(rules);
        assertThat(AclConf.format(AclConf.parse(exported))).isEqualTo(exported);
        assertThat(exported).contains("{deny, all, subscribe, [\"$SYS/#\", {eq, \"#\"}]}.\n", "{allow, all}.\n");
    }

    @Test
    void hostile_strings_survive_the_round_trip() {
        List<AclRule> rules = List.of(
                AclRule.of(Permission.ALLOW, Who.user("o'brien \"the\" \\ admin\0\n\t%%"), AclAction.PUBLISH,
                        List.of(AclTopic.filter("a/\"b\"/%u/'; DROP TABLE acl_rules; --"),
                                AclTopic.eq("+/#/\\x{41}"))),
                AclRule.of(Permission.DENY, Who.clientId("\u0001\u007F\uD800lonely名前😀"), AclAction.SUBSCRIBE,
                        List.of(AclTopic.filter("x".repeat(65535)))));
        String text = AclConf.format(rules);
        assertThat(text).doesNotContain("\0");
        assertThat(AclConf.parse(text)).isEqualTo(rules);
    }

    @Test
    void adapter_who_round_trips() {
        List<AclRule> rules = AclConf.parse("{allow, {adapter, \"*\"}, subscribe, [\"devices/%a/%d/down/#\"]}.\n"
                + "{deny, {adapter, \"lorawan\"}}.");
        assertThat(rules.get(0).who()).isEqualTo(Who.adapter("*"));
        assertThat(rules.get(1).who()).isEqualTo(Who.adapter("lorawan"));
        assertThat(AclConf.parse(AclConf.format(rules))).isEqualTo(rules);
    }

    @Test
    void erlang_escapes_are_decoded() {
        AclRule r = AclConf.parseRule("{allow, {user, \"a\\x41\\x{42}\\101\\s\\\"\\\\\"}, publish, [\"t\"]}");
        assertThat(r.who().value()).isEqualTo("aABA \"\\");
    }

    @Test
    void syntax_error_names_line_and_column() {
        String text = "%% header\n{allow, all}.\n{allow, {user, \"bob\"} subscribe, [\"a\"]}.\n";
        assertThatThrownBy(() -> AclConf.parse(text))
                .isInstanceOfSatisfying(AclSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(23);
                    assertThat(e.problem()).contains("expected ',' or '}' after who", "'subscribe'");
                })
                .hasMessageStartingWith("line 3, column 23: ");
    }

    @Test
    void missing_dot_unclosed_string_and_bad_atoms_are_reported_where_they_are() {
        assertError("{allow, all}\n{deny, all}.", 2, 1, "expected '.' after the rule");
        assertError("{allow, all}.\n{deny, {user, \"x}.\n", 2, 15, "string not closed");
        assertError("{permit, all}.", 1, 2, "permission must be allow or deny");
        assertError("{allow, all, publish_all, [\"a\"]}.", 1, 14, "action must be");
        assertError("{allow, {group, \"g\"}, publish, [\"a\"]}.", 1, 10, "who must be");
        assertError("{allow, all, publish, []}.", 1, 24, "topic list is empty");
        assertError("{allow, all, publish, [\"a/#/b\"]}.", 1, 24, "'#' must be the last level");
        assertError("{allow, {ipaddr, \"10.0.0.0/33\"}, publish, [\"a\"]}.", 1, 18, "prefix length");
        assertError("{allow, {ipaddr, \"example.com\"}, publish, [\"a\"]}.", 1, 18, "not an IP address");
        assertError("{allow, all, publish, [{eq, \"a\"}, {re, \"b\"}]}.", 1, 36, "expected eq");
        assertError("{allow, all, publish, [\"a\0b\"]}.", 1, 24, "U+0000");
        assertError("{allow, all, publish, [\"a\"]}.\n  # comment", 2, 3, "unexpected character '#'");
    }

    private static void assertError(String text, int line, int column, String problem) {
        assertThatThrownBy(() -> AclConf.parse(text)).as(text)
                .isInstanceOfSatisfying(AclSyntaxException.class, e -> {
                    assertThat(e.problem()).as(text).contains(problem);
                    assertThat(e.line() + ":" + e.column()).as(text + " -> " + e.getMessage())
                            .isEqualTo(line + ":" + column);
                });
    }

    @Test
    void empty_and_comment_only_files_have_no_rules() {
        assertThat(AclConf.parse("")).isEmpty();
        assertThat(AclConf.parse("%% nothing here\n   \n%%")).isEmpty();
    }

    @Test
    void single_rule_parses_with_or_without_the_dot() {
        AclRule expected = AclRule.everything(Permission.DENY, Who.user("x"));
        assertThat(AclConf.parseRule("{deny, {user, \"x\"}}")).isEqualTo(expected);
        assertThat(AclConf.parseRule(" {deny, {user, \"x\"}}. ")).isEqualTo(expected);
        assertThatThrownBy(() -> AclConf.parseRule("{allow, all}. {deny, all}"))
                .isInstanceOf(AclSyntaxException.class);
    }
}
