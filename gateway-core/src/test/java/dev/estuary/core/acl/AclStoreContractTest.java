package dev.estuary.core.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every {@link AclStore} must have; subclasses supply the implementation. */
@Timeout(30)
abstract class AclStoreContractTest {
    protected AclStore store;

    protected abstract AclStore create();

    @BeforeEach
    void setUp() {
        store = create();
    }

    static AclRule rule(String conf) {
        return AclConf.parseRule(conf);
    }

    private List<String> listed() {
        return store.list().stream().map(AclRule::toString).toList();
    }

    @Test
    void added_rules_come_back_in_order_with_ids() {
        AclRule a = store.add(rule("{allow, {user, \"a\"}, publish, [\"x/#\", {eq, \"#\"}]}"));
        AclRule b = store.add(rule("{deny, all}"));
        assertThat(a.id()).isPositive();
        assertThat(b.id()).isPositive().isNotEqualTo(a.id());
        assertThat(store.list()).containsExactly(a, b);
        assertThat(listed()).containsExactly("{allow, {user, \"a\"}, publish, [\"x/#\", {eq, \"#\"}]}", "{deny, all}");
    }

    @Test
    void insert_puts_a_rule_at_a_position_and_shifts_the_rest() {
        store.add(rule("{allow, {user, \"1\"}}"));
        store.add(rule("{allow, {user, \"2\"}}"));
        store.insert(1, rule("{allow, {user, \"first\"}}"));
        store.insert(3, rule("{allow, {user, \"third\"}}"));
        store.insert(99, rule("{allow, {user, \"last\"}}"));
        assertThat(listed()).containsExactly("{allow, {user, \"first\"}}", "{allow, {user, \"1\"}}",
                "{allow, {user, \"third\"}}", "{allow, {user, \"2\"}}", "{allow, {user, \"last\"}}");
    }

    @Test
    void delete_removes_one_rule_by_id() {
        AclRule a = store.add(rule("{allow, {user, \"a\"}}"));
        AclRule b = store.add(rule("{allow, {user, \"b\"}, subscribe, [\"t\"]}"));
        assertThat(store.delete(b.id())).isTrue();
        assertThat(store.delete(b.id())).isFalse();
        assertThat(store.list()).containsExactly(a);
    }

    @Test
    void replace_all_swaps_the_whole_list() {
        store.add(rule("{allow, {user, \"old\"}}"));
        List<AclRule> fresh = AclConf.parse(AclConfTest.SAMPLE);
        List<AclRule> stored = store.replaceAll(fresh);
        assertThat(stored).hasSize(fresh.size());
        assertThat(store.list()).isEqualTo(stored);
        assertThat(store.list().stream().map(r -> r.withId(0)).toList()).isEqualTo(fresh);
        store.replaceAll(List.of());
        assertThat(store.list()).isEmpty();
    }

    @Test
    void every_change_moves_the_version() {
        long v0 = store.version();
        AclRule r = store.add(rule("{allow, all}"));
        long v1 = store.version();
        store.list();
        assertThat(store.version()).isEqualTo(v1).isNotEqualTo(v0);
        store.insert(1, rule("{deny, all}"));
        long v2 = store.version();
        store.delete(r.id());
        long v3 = store.version();
        store.replaceAll(List.of(rule("{allow, all}")));
        assertThat(List.of(v0, v1, v2, v3, store.version())).doesNotHaveDuplicates();
    }

    @Test
    void hostile_values_are_stored_exactly() {
        AclRule r = AclRule.of(Permission.ALLOW, Who.user("'; DELETE FROM acl_rules; --\0\"%u"),
                AclAction.SUBSCRIBE, List.of(AclTopic.filter("a/'\"/%c/" + "y".repeat(65000)),
                        AclTopic.eq("$SYS/#/+/\\"), AclTopic.filter("名前/😀")));
        AclRule stored = store.add(r);
        assertThat(store.list()).containsExactly(stored);
        assertThat(stored.withId(0)).isEqualTo(r);
    }
}
