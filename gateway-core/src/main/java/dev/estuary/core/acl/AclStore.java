package dev.estuary.core.acl;

import java.util.List;

/**
 * Where ACL rules are kept, in evaluation order. The SQLite implementation is the real one; the in-memory one
 * serves tests and embedded use. Implementations block on I/O: call them from the database executor, never from an
 * event loop.
 */
public interface AclStore {
    /** Every rule in evaluation order, each with its id. */
    List<AclRule> list();

    /** Appends a rule; returns it with its id. */
    AclRule add(AclRule rule);

    /**
     * Inserts a rule so that it becomes the {@code position}-th (from 1); a position past the end appends.
     *
     * @return the rule with its id
     */
    AclRule insert(int position, AclRule rule);

    /** Removes the rule with this id; false when there was none. */
    boolean delete(long id);

    /** Replaces every rule with {@code rules}, in one transaction; returns them with their new ids. */
    List<AclRule> replaceAll(List<AclRule> rules);

    /** A number that changes whenever any rule is added, changed or removed (by any process). */
    long version();
}
