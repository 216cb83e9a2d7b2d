package dev.estuary.core.acl;

import java.util.ArrayList;
import java.util.List;

/** An {@link AclStore} in memory (tests, embedded brokers). Thread-safe. */
public final class InMemoryAclStore implements AclStore {
    private final List<AclRule> rules = new ArrayList<>();
    private long nextId = 1;
    private long version;

    @Override
    public synchronized List<AclRule> list() {
        return List.copyOf(rules);
    }

    @Override
    public synchronized AclRule add(AclRule rule) {
        return insert(Integer.MAX_VALUE, rule);
    }

    @Override
    public synchronized AclRule insert(int position, AclRule rule) {
        if (position < 1) {
            throw new IllegalArgumentException("positions start at 1: " + position);
        }
        AclRule stored = rule.withId(nextId++);
        rules.add(Math.min(position - 1, rules.size()), stored);
        version++;
        return stored;
    }

    @Override
    public synchronized boolean delete(long id) {
        boolean removed = rules.removeIf(r -> r.id() == id);
        if (removed) {
            version++;
        }
        return removed;
    }

    @Override
    public synchronized List<AclRule> replaceAll(List<AclRule> newRules) {
        rules.clear();
        List<AclRule> out = new ArrayList<>(newRules.size());
        for (AclRule r : newRules) {
            AclRule stored = r.withId(nextId++);
            rules.add(stored);
            out.add(stored);
        }
        version++;
        return out;
    }

    @Override
    public synchronized long version() {
        return version;
    }
}
