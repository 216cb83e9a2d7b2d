package dev.estuary.core.acl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.topics.DeviceTopics;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AclEngineTest {
    static ClientInfo client(String clientId, String username, String ip) {
        return new ClientInfo(clientId, username, new InetSocketAddress(ip, 50000), "mqtt", 5, "tcp", null, null, 60,
                0, false, false, null);
    }

    static ClientInfo device(String adapter, String deviceId, String username) {
        return new ClientInfo(adapter + ":" + deviceId, username, new InetSocketAddress("10.9.9.9", 5683), adapter, 0,
                adapter, adapter, deviceId, 0, 0, false, false, null);
    }

    static ClientAuthorizer acl(String conf, boolean nomatchAllows, ClientInfo c) {
        return new AclEngine(AclConf.parse(conf), nomatchAllows, 32).forClient(c);
    }

    private final ClientInfo alice = client("alice-phone", "alice", "192.168.1.20");

    @Test
    void first_matching_rule_wins_so_deny_before_allow_denies() {
        ClientAuthorizer a = acl("{deny, all, publish, [\"secret/#\"]}.\n{allow, all, publish, [\"#\"]}.", false,
                alice);
        assertThat(a.canPublish("secret/x")).isFalse();
        assertThat(a.canPublish("public/x")).isTrue();
        ClientAuthorizer b = acl("{allow, all, publish, [\"#\"]}.\n{deny, all, publish, [\"secret/#\"]}.", false,
                alice);
        assertThat(b.canPublish("secret/x")).isTrue();
    }

    @Test
    void nomatch_decides_what_no_rule_covers_both_ways() {
        String conf = "{allow, {user, \"alice\"}, publish, [\"a/#\"]}.";
        assertThat(acl(conf, false, alice).canPublish("b/x")).isFalse();
        assertThat(acl(conf, true, alice).canPublish("b/x")).isTrue();
        assertThat(acl(conf, false, alice).canSubscribe("b/#")).isFalse();
        assertThat(acl(conf, true, alice).canReceive("b/x")).isTrue();
        assertThat(acl("", false, alice).canPublish("a")).isFalse();
        assertThat(acl("", true, alice).canPublish("a")).isTrue();
    }

    @Test
    void actions_are_separate_and_all_covers_both() {
        ClientAuthorizer a = acl("{allow, all, publish, [\"p\"]}.\n{allow, all, subscribe, [\"s\"]}.\n"
                + "{allow, all, all, [\"b\"]}.", false, alice);
        assertThat(a.canPublish("p")).isTrue();
        assertThat(a.canSubscribe("p")).isFalse();
        assertThat(a.canReceive("p")).isFalse();
        assertThat(a.canPublish("s")).isFalse();
        assertThat(a.canSubscribe("s")).isTrue();
        assertThat(a.canReceive("s")).isTrue();
        assertThat(a.canPublish("b")).isTrue();
        assertThat(a.canSubscribe("b")).isTrue();
    }

    @Test
    void who_matches_by_username_client_id_and_address() {
        String conf = "{allow, {user, \"alice\"}, publish, [\"u\"]}.\n"
                + "{allow, {clientid, \"alice-phone\"}, publish, [\"c\"]}.\n"
                + "{allow, {ipaddr, \"192.168.1.0/24\"}, publish, [\"i\"]}.\n"
                + "{allow, {ipaddr, \"2001:db8::/32\"}, publish, [\"v6\"]}.\n";
        ClientAuthorizer a = acl(conf, false, alice);
        assertThat(a.canPublish("u")).isTrue();
        assertThat(a.canPublish("c")).isTrue();
        assertThat(a.canPublish("i")).isTrue();
        assertThat(a.canPublish("v6")).isFalse();
        ClientAuthorizer other = acl(conf, false, client("bob-phone", "bob", "192.168.2.20"));
        assertThat(other.canPublish("u")).isFalse();
        assertThat(other.canPublish("c")).isFalse();
        assertThat(other.canPublish("i")).isFalse();
        ClientAuthorizer v6 = acl(conf, false, client("x", null, "2001:db8:1234::1"));
        assertThat(v6.canPublish("v6")).isTrue();
        assertThat(v6.canPublish("i")).isFalse();
        ClientAuthorizer anonymous = acl(conf, false, client("y", null, "10.0.0.1"));
        assertThat(anonymous.canPublish("u")).isFalse();
    }

    @Test
    void single_address_and_ipv4_mapped_ipv6_match_ipv4_rules() {
        String conf = "{allow, {ipaddr, \"127.0.0.1\"}, publish, [\"t\"]}.\n";
        assertThat(acl(conf, false, client("a", null, "127.0.0.1")).canPublish("t")).isTrue();
        assertThat(acl(conf, false, client("a", null, "127.0.0.2")).canPublish("t")).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(ipv4Mapped(10, 1, 2, 3))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(ipv4Mapped(11, 1, 2, 3))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(new InetSocketAddress("8.8.8.8", 1).getAddress())).isTrue();
        assertThat(Cidr.parse("::/0").contains(new InetSocketAddress("8.8.8.8", 1).getAddress())).isFalse();
    }

    private static java.net.InetAddress ipv4Mapped(int a, int b, int c, int d) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        v6[12] = (byte) a;
        v6[13] = (byte) b;
        v6[14] = (byte) c;
        v6[15] = (byte) d;
        try {
            return java.net.Inet6Address.getByAddress(null, v6, -1);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void username_and_client_id_placeholders_confine_a_client_to_its_own_topics() {
        String conf = "{allow, all, all, [\"users/%u/#\", \"clients/%c/#\"]}.";
        ClientAuthorizer a = acl(conf, false, alice);
        assertThat(a.canPublish("users/alice/inbox")).isTrue();
        assertThat(a.canPublish("users/bob/inbox")).isFalse();
        assertThat(a.canPublish("clients/alice-phone/x")).isTrue();
        assertThat(a.canSubscribe("users/alice/#")).isTrue();
        assertThat(a.canSubscribe("users/+/#")).isFalse();
        assertThat(a.canReceive("users/bob/inbox")).isFalse();
        ClientAuthorizer anonymous = acl(conf, false, client("anon-1", null, "10.0.0.1"));
        assertThat(anonymous.canPublish("users/null/x")).isFalse();
        assertThat(anonymous.canPublish("users/%u/x")).isFalse();
        assertThat(anonymous.canPublish("clients/anon-1/x")).isTrue();
    }

    @Test
    void adapter_and_device_placeholders_confine_a_device_to_its_own_topics() {
        String conf = "{allow, all, publish, [\"devices/%a/%d/up/#\", \"devices/%a/%d/status\"]}.\n"
                + "{allow, all, subscribe, [\"devices/%a/%d/down/#\"]}.\n"
                + "{deny, all}.";
        ClientAuthorizer dev = acl(conf, true, device("coap", "sensor-1", null));
        assertThat(dev.canPublish("devices/coap/sensor-1/up/temp")).isTrue();
        assertThat(dev.canPublish("devices/coap/sensor-1/status")).isTrue();
        assertThat(dev.canPublish("devices/coap/sensor-2/up/temp")).isFalse();
        assertThat(dev.canPublish("devices/lwm2m/sensor-1/up/temp")).isFalse();
        assertThat(dev.canSubscribe("devices/coap/sensor-1/down/#")).isTrue();
        assertThat(dev.canReceive("devices/coap/sensor-1/down/reboot")).isTrue();
        assertThat(dev.canReceive("devices/coap/sensor-2/down/reboot")).isFalse();
        ClientAuthorizer mqtt = acl(conf, true, alice);
        assertThat(mqtt.canPublish("devices/null/null/up/x")).isFalse();
    }

    @Test
    void device_id_placeholder_uses_the_topic_encoding_of_the_device_id() {
        DeviceTopics topics = new DeviceTopics("");
        String conf = "{allow, all, publish, [\"devices/%a/%d/up/#\"]}.";
        ClientAuthorizer odd = acl(conf, false, device("coap", "a/b+#%", null));
        assertThat(odd.canPublish(topics.up("coap", "a/b+#%", "temp"))).isTrue();
        assertThat(odd.canPublish("devices/coap/a/b+#%/up/temp".replace("+#", "x"))).isFalse();
        assertThat(odd.canPublish(topics.up("coap", "a", "temp"))).isFalse();
        ClientAuthorizer dollar = acl(conf, false, device("coap", "$sys", null));
        assertThat(dollar.canPublish(topics.up("coap", "$sys", null))).isTrue();
    }

    @Test
    void adapter_rules_apply_to_devices_only() {
        String conf = "{allow, {adapter, \"coap\"}, publish, [\"coap-only\"]}.\n"
                + "{deny, {adapter, \"*\"}}.\n{allow, all}.";
        assertThat(acl(conf, false, device("coap", "s1", null)).canPublish("coap-only")).isTrue();
        assertThat(acl(conf, false, device("lwm2m", "s1", null)).canPublish("coap-only")).isFalse();
        assertThat(acl(conf, false, device("coap", "s1", null)).canPublish("elsewhere")).isFalse();
        assertThat(acl(conf, false, alice).canPublish("elsewhere")).isTrue();
    }

    @Test
    void placeholder_values_are_literal_and_never_act_as_wildcards() {
        String conf = "{allow, all, all, [\"users/%u/data\"]}.";
        ClientAuthorizer plus = acl(conf, false, client("c", "+", "10.0.0.1"));
        assertThat(plus.canSubscribe("users/+/data")).isFalse();
        assertThat(plus.canReceive("users/bob/data")).isFalse();
        ClientAuthorizer hash = acl("{allow, all, all, [\"users/%u\"]}.", false, client("c", "#", "10.0.0.1"));
        assertThat(hash.canSubscribe("users/#")).isFalse();
        assertThat(hash.canPublish("users/bob")).isFalse();
        ClientAuthorizer slash = acl(conf, false, client("c", "a/b", "10.0.0.1"));
        assertThat(slash.canPublish("users/a/b/data")).isTrue();
        assertThat(slash.canPublish("users/a/data")).isFalse();
        ClientAuthorizer percent = acl(conf, false, client("c", "%c", "10.0.0.1"));
        assertThat(percent.canPublish("users/%c/data")).isTrue();
        assertThat(percent.canPublish("users/c/data")).isFalse();
        ClientAuthorizer emqx5 = acl("{allow, all, all, [\"u/${username}/c/${clientid}\"]}.", false, alice);
        assertThat(emqx5.canPublish("u/alice/c/alice-phone")).isTrue();
    }

    @Test
    void a_subscribe_rule_must_cover_the_whole_filter() {
        ClientAuthorizer a = acl("{allow, all, subscribe, [\"a/#\", \"b/+/c\"]}.", false, alice);
        assertThat(a.canSubscribe("a/#")).isTrue();
        assertThat(a.canSubscribe("a")).isTrue();
        assertThat(a.canSubscribe("a/+/x")).isTrue();
        assertThat(a.canSubscribe("#")).isFalse();
        assertThat(a.canSubscribe("+/x")).isFalse();
        assertThat(a.canSubscribe("b/+/c")).isTrue();
        assertThat(a.canSubscribe("b/x/c")).isTrue();
        assertThat(a.canSubscribe("b/#")).isFalse();
        assertThat(a.canSubscribe("b/+/#")).isFalse();
    }

    @Test
    void a_wildcard_subscription_allowed_by_a_rule_still_receives_only_allowed_topics() {
        ClientAuthorizer a = acl("{deny, all, subscribe, [\"secret/#\"]}.\n{allow, all, subscribe, [\"#\"]}.",
                false, alice);
        assertThat(a.canSubscribe("#")).isTrue();
        assertThat(a.canSubscribe("+/#")).isTrue();
        assertThat(a.canSubscribe("secret/#")).isFalse();
        assertThat(a.canReceive("public/x")).isTrue();
        assertThat(a.canReceive("secret/x")).isFalse();
        assertThat(a.canReceive("secret")).isFalse();
    }

    @Test
    void leading_wildcards_in_rules_do_not_reach_dollar_topics() {
        ClientAuthorizer a = acl("{allow, all, all, [\"#\", \"+/x\"]}.", false, alice);
        assertThat(a.canReceive("$SYS/broker/uptime")).isFalse();
        assertThat(a.canSubscribe("$SYS/#")).isFalse();
        assertThat(a.canPublish("$SYS/x")).isFalse();
        ClientAuthorizer sys = acl("{allow, all, subscribe, [\"$SYS/#\"]}.", false, alice);
        assertThat(sys.canSubscribe("$SYS/#")).isTrue();
        assertThat(sys.canReceive("$SYS/broker/uptime")).isTrue();
        ClientAuthorizer everything = acl("{allow, all}.", false, alice);
        assertThat(everything.canReceive("$SYS/broker/uptime")).isTrue();
    }

    @Test
    void exact_topics_match_only_themselves_wildcards_and_placeholders_included() {
        ClientAuthorizer a = acl("{deny, all, subscribe, [{eq, \"#\"}, {eq, \"u/%u\"}]}.\n{allow, all}.", false,
                alice);
        assertThat(a.canSubscribe("#")).isFalse();
        assertThat(a.canSubscribe("u/%u")).isFalse();
        assertThat(a.canSubscribe("u/alice")).isTrue();
        assertThat(a.canSubscribe("a/#")).isTrue();
        assertThat(a.canReceive("anything")).isTrue();
    }

    @Test
    void rule_changes_reach_existing_clients_on_their_next_check() {
        AclEngine engine = new AclEngine(AclConf.parse("{allow, all, publish, [\"a\"]}."), false, 32);
        ClientAuthorizer a = engine.forClient(alice);
        assertThat(a.canPublish("a")).isTrue();
        assertThat(a.canPublish("a")).isTrue(); // cached
        engine.update(AclConf.parse("{deny, all, publish, [\"a\"]}."));
        assertThat(a.canPublish("a")).isFalse();
        engine.update(List.of());
        assertThat(a.canPublish("a")).isFalse();
        assertThat(a.canPublish("b")).isFalse();
    }

    @Test
    void only_the_rules_for_the_client_are_kept() {
        AclEngine engine = new AclEngine(AclConf.parse("{allow, {user, \"bob\"}, publish, [\"a\"]}.\n"
                + "{allow, {user, \"alice\"}, publish, [\"a\"]}.\n{allow, {clientid, \"zzz\"}, publish, [\"a\"]}.\n"
                + "{deny, all}."), false, 32);
        assertThat(((ClientAcl) engine.forClient(alice)).ruleCount()).isEqualTo(2);
    }

    @Test
    void decisions_are_the_same_with_and_without_the_cache() {
        String conf = AclConfTest.SAMPLE;
        ClientInfo local = client("meter-1", "dashboard", "127.0.0.1");
        AclEngine cached = new AclEngine(AclConf.parse(conf), false, 2);
        AclEngine uncached = new AclEngine(AclConf.parse(conf), false, 0);
        ClientAuthorizer a = cached.forClient(local);
        ClientAuthorizer b = uncached.forClient(local);
        String[] topics = {"$SYS/x", "a/b", "#", "meters/meter-1/up", "meters/x/up", "+/#", "$SYS/#"};
        for (int round = 0; round < 3; round++) {
            for (String t : topics) {
                assertThat(a.canSubscribe(t)).as("sub " + t).isEqualTo(b.canSubscribe(t));
                if (t.indexOf('+') < 0 && t.indexOf('#') < 0) {
                    assertThat(a.canPublish(t)).as("pub " + t).isEqualTo(b.canPublish(t));
                    assertThat(a.canReceive(t)).as("recv " + t).isEqualTo(b.canReceive(t));
                }
            }
        }
    }

    @Test
    void hostile_topics_are_compared_as_data() {
        ClientAuthorizer a = acl("{allow, all, publish, [\"ok/'; DROP TABLE acl_rules; --\"]}.", false, alice);
        assertThat(a.canPublish("ok/'; DROP TABLE acl_rules; --")).isTrue();
        assertThat(a.canPublish("ok/x")).isFalse();
        assertThat(a.canPublish("x".repeat(65535))).isFalse();
        assertThat(a.canPublish("ok/\0")).isFalse();
        assertThat(a.canSubscribe("%u/#")).isFalse();
    }
}
