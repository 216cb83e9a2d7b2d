package dev.estuary.core.acl;

import java.util.List;
import java.util.Objects;

/**
 * One ACL rule. Rules are evaluated in order and the first that matches decides; what none matches is decided by
 * {@code auth.acl_nomatch}.
 *
 * @param id         the store's id for the rule (0 before it is stored)
 * @param permission allow or deny
 * @param who        whom it applies to
 * @param action     publish, subscribe (and receive) or both
 * @param topics     the topics it covers; empty means every topic (then the action must be {@link AclAction#ALL},
 *                   as in acl.conf's {@code {allow, all}.})
 */
public record AclRule(long id, Permission permission, Who who, AclAction action, List<AclTopic> topics) {
    public AclRule {
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(action, "action");
        topics = List.copyOf(topics);
        if (topics.isEmpty() && action != AclAction.ALL) {
            throw new IllegalArgumentException("a rule for " + action.label() + " needs at least one topic");
        }
    }

    /** A rule not yet stored. */
    public static AclRule of(Permission permission, Who who, AclAction action, List<AclTopic> topics) {
        return new AclRule(0, permission, who, action, topics);
    }

    /** {@code {allow, Who}} / {@code {deny, Who}}: every action on every topic. */
    public static AclRule everything(Permission permission, Who who) {
        return new AclRule(0, permission, who, AclAction.ALL, List.of());
    }

    public AclRule withId(long newId) {
        return new AclRule(newId, permission, who, action, topics);
    }

    /** Whether the rule covers every topic. */
    public boolean allTopics() {
        return topics.isEmpty();
    }

    /** The rule in acl.conf syntax, without the final dot. */
    @Override
    public String toString() {
        return AclConf.format(this);
    }
}
