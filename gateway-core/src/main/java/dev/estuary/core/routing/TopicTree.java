package dev.estuary.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A topic trie: one node per filter level, subscriptions stored at the node where their filter ends.
 *
 * <p>Matching walks the levels of the topic, following at each level the exact child, the '+' child and the '#'
 * child, so its cost grows with the topic's depth and the number of matches, never with the number of
 * subscriptions held. Readers take no locks: children and subscriber maps are concurrent maps. Writers lock one
 * node at a time (hand over hand) and mark a pruned node {@code removed}, so a writer that raced with pruning
 * retries from the root instead of attaching to a detached node.
 */
public final class TopicTree implements SubscriptionIndex {
    private final Node root = new Node(null, null);
    private final ShareStrategy shareStrategy;
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong filters = new AtomicLong();

    public TopicTree(ShareStrategy shareStrategy) {
        this.shareStrategy = shareStrategy;
    }

    public TopicTree() {
        this(ShareStrategy.ROUND_ROBIN);
    }

    @Override
    public boolean add(Subscription s) {
        String[] levels = Topics.levels(s.topicFilter());
        while (true) {
            Node leaf = walkOrCreate(levels);
            synchronized (leaf) {
                if (leaf.removed) {
                    continue;
                }
                boolean wasEmpty = leaf.isEmpty();
                boolean added;
                if (s.isShared()) {
                    if (leaf.groups == null) {
                        leaf.groups = new ConcurrentHashMap<>(2);
                    }
                    SharedGroup g = leaf.groups.computeIfAbsent(s.shareGroup(),
                            name -> new SharedGroup(name, s.topicFilter(), shareStrategy));
                    added = g.put(s);
                } else {
                    if (leaf.subscribers == null) {
                        leaf.subscribers = new ConcurrentHashMap<>(2);
                    }
                    added = leaf.subscribers.put(s.subscriber(), s) == null;
                }
                if (added) {
                    subscriptions.incrementAndGet();
                }
                if (wasEmpty && !leaf.isEmpty()) {
                    filters.incrementAndGet();
                }
                return added;
            }
        }
    }

    private Node walkOrCreate(String[] levels) {
        while (true) {
            Node node = root;
            boolean restart = false;
            for (String level : levels) {
                Node child;
                synchronized (node) {
                    if (node.removed) {
                        restart = true;
                        break;
                    }
                    child = node.childOrCreate(level);
                }
                node = child;
            }
            if (!restart) {
                return node;
            }
        }
    }

    @Override
    public boolean remove(Subscriber subscriber, String filter, String group) {
        Node node = root;
        for (String level : Topics.levels(filter)) {
            Map<String, Node> children = node.children;
            node = children == null ? null : children.get(level);
            if (node == null) {
                return false;
            }
        }
        boolean removed = false;
        synchronized (node) {
            if (node.removed) {
                return false;
            }
            if (group == null) {
                if (node.subscribers != null && node.subscribers.remove(subscriber) != null) {
                    removed = true;
                }
            } else if (node.groups != null) {
                SharedGroup g = node.groups.get(group);
                if (g != null && g.remove(subscriber)) {
                    removed = true;
                    if (g.isEmpty()) {
                        node.groups.remove(group);
                    }
                }
            }
            if (removed) {
                subscriptions.decrementAndGet();
                if (node.isEmpty()) {
                    filters.decrementAndGet();
                }
            }
        }
        if (removed) {
            prune(node);
        }
        return removed;
    }

    /** Detaches empty nodes bottom-up, one lock at a time. */
    private void prune(Node node) {
        while (node != root) {
            Node parent = node.parent;
            synchronized (node) {
                if (node.removed || !node.isEmpty() || node.hasChildren()) {
                    return;
                }
                node.removed = true;
            }
            synchronized (parent) {
                parent.children.remove(node.level, node);
            }
            node = parent;
        }
    }

    @Override
    public void match(String topic, MatchCollector collector) {
        String[] levels = Topics.levels(topic);
        boolean system = Topics.isSystemTopic(topic);
        match(root, levels, 0, system, collector);
    }

    private static void match(Node node, String[] levels, int i, boolean system, MatchCollector out) {
        Map<String, Node> children = node.children;
        if (i == levels.length) {
            node.collect(out);
            if (children != null) {
                Node hash = children.get("#");
                if (hash != null) {
                    hash.collect(out); // "a/#" also matches "a"
                }
            }
            return;
        }
        if (children == null) {
            return;
        }
        Node exact = children.get(levels[i]);
        if (exact != null) {
            match(exact, levels, i + 1, system, out);
        }
        if (i == 0 && system) {
            return; // '$' topics are not matched by a leading wildcard
        }
        Node plus = children.get("+");
        if (plus != null) {
            match(plus, levels, i + 1, system, out);
        }
        Node hash = children.get("#");
        if (hash != null) {
            hash.collect(out);
        }
    }

    @Override
    public long size() {
        return subscriptions.get();
    }

    @Override
    public long filterCount() {
        return filters.get();
    }

    /** Test hook: the number of nodes below the root, to prove that empty branches are pruned. */
    int nodeCount() {
        return countNodes(root) - 1;
    }

    private static int countNodes(Node node) {
        int n = 1;
        Map<String, Node> c = node.children;
        if (c != null) {
            for (Node child : c.values()) {
                n += countNodes(child);
            }
        }
        return n;
    }

    /** Test hook: every subscription held, shared members included (a snapshot; not for the hot path). */
    List<Subscription> subscriptions() {
        List<Subscription> out = new ArrayList<>();
        collectAll(root, out);
        return out;
    }

    private static void collectAll(Node node, List<Subscription> out) {
        Map<Subscriber, Subscription> s = node.subscribers;
        if (s != null) {
            out.addAll(s.values());
        }
        Map<String, SharedGroup> g = node.groups;
        if (g != null) {
            for (SharedGroup group : g.values()) {
                out.addAll(group.members());
            }
        }
        Map<String, Node> c = node.children;
        if (c != null) {
            for (Node child : c.values()) {
                collectAll(child, out);
            }
        }
    }

    private static final class Node {
        final Node parent;
        final String level;
        volatile ConcurrentHashMap<String, Node> children;
        volatile ConcurrentHashMap<Subscriber, Subscription> subscribers;
        volatile ConcurrentHashMap<String, SharedGroup> groups;
        boolean removed; // guarded by this

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        Node childOrCreate(String level) {
            ConcurrentHashMap<String, Node> c = children;
            if (c == null) {
                c = new ConcurrentHashMap<>(2);
                children = c;
            }
            Node child = c.get(level);
            if (child == null) {
                child = new Node(this, level);
                c.put(level, child);
            }
            return child;
        }

        boolean isEmpty() {
            Map<Subscriber, Subscription> s = subscribers;
            Map<String, SharedGroup> g = groups;
            return (s == null || s.isEmpty()) && (g == null || g.isEmpty());
        }

        boolean hasChildren() {
            Map<String, Node> c = children;
            return c != null && !c.isEmpty();
        }

        void collect(MatchCollector out) {
            Map<Subscriber, Subscription> s = subscribers;
            if (s != null) {
                for (Subscription sub : s.values()) {
                    out.onSubscription(sub);
                }
            }
            Map<String, SharedGroup> g = groups;
            if (g != null) {
                for (SharedGroup group : g.values()) {
                    out.onSharedGroup(group);
                }
            }
        }
    }
}
