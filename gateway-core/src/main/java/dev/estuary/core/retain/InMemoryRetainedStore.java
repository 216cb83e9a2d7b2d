package dev.estuary.core.retain;

import dev.estuary.core.message.Message;
import dev.estuary.core.routing.Topics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Retained messages in a topic trie, so that a wildcard subscribe visits only the branches its filter can match.
 * Exact lookups use a flat map. Expired messages are skipped on read and removed.
 */
public final class InMemoryRetainedStore implements RetainedStore {
    private final ConcurrentHashMap<String, Message> byTopic = new ConcurrentHashMap<>();
    private final Node root = new Node(null, null);
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public void put(Message message) {
        if (message.payload().length == 0) {
            remove(message.topic());
            return;
        }
        String topic = message.topic();
        while (true) {
            Node node = walkOrCreate(Topics.levels(topic));
            synchronized (node) {
                if (node.removed) {
                    continue;
                }
                if (node.message == null) {
                    size.incrementAndGet();
                }
                node.message = message;
                byTopic.put(topic, message);
                return;
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
                    child = node.children.computeIfAbsent(level, l -> new Node(null, l));
                    if (child.parent == null) {
                        child.parent = node;
                    }
                }
                node = child;
            }
            if (!restart) {
                return node;
            }
        }
    }

    @Override
    public boolean remove(String topic) {
        return remove(topic, null);
    }

    /** Removes the topic's message if it is {@code expected} (any message when null). */
    private boolean remove(String topic, Message expected) {
        Node node = root;
        for (String level : Topics.levels(topic)) {
            node = node.children.get(level);
            if (node == null) {
                return false;
            }
        }
        synchronized (node) {
            if (node.removed || node.message == null || (expected != null && node.message != expected)) {
                return false;
            }
            node.message = null;
            byTopic.remove(topic);
            size.decrementAndGet();
        }
        prune(node);
        return true;
    }

    private void prune(Node node) {
        while (node != root) {
            Node parent = node.parent;
            synchronized (node) {
                if (node.removed || node.message != null || !node.children.isEmpty()) {
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
    public Message get(String topic) {
        return byTopic.get(topic);
    }

    @Override
    public void match(String filter, long nowMillis, Consumer<Message> out) {
        if (filter.indexOf('+') < 0 && filter.indexOf('#') < 0) {
            Message m = byTopic.get(filter);
            emit(m, nowMillis, out);
            return;
        }
        match(root, Topics.levels(filter), 0, nowMillis, out);
    }

    private void match(Node node, String[] levels, int i, long now, Consumer<Message> out) {
        if (i == levels.length) {
            emit(node.message, now, out);
            return;
        }
        String level = levels[i];
        if (level.equals("#")) {
            if (i > 0) {
                emit(node.message, now, out); // "a/#" matches "a"
            }
            for (Map.Entry<String, Node> e : node.children.entrySet()) {
                if (i == 0 && e.getKey().startsWith("$")) {
                    continue;
                }
                emitAll(e.getValue(), now, out);
            }
        } else if (level.equals("+")) {
            for (Map.Entry<String, Node> e : node.children.entrySet()) {
                if (i == 0 && e.getKey().startsWith("$")) {
                    continue;
                }
                match(e.getValue(), levels, i + 1, now, out);
            }
        } else {
            Node child = node.children.get(level);
            if (child != null) {
                match(child, levels, i + 1, now, out);
            }
        }
    }

    private void emitAll(Node node, long now, Consumer<Message> out) {
        emit(node.message, now, out);
        for (Node child : node.children.values()) {
            emitAll(child, now, out);
        }
    }

    private void emit(Message m, long now, Consumer<Message> out) {
        if (m == null) {
            return;
        }
        if (m.isExpired(now)) {
            removeIfSame(m);
            return;
        }
        out.accept(m);
    }

    private void removeIfSame(Message m) {
        remove(m.topic(), m);
    }

    @Override
    public void forEach(Consumer<Message> out) {
        byTopic.values().forEach(out);
    }

    @Override
    public int size() {
        return size.get();
    }

    /** Test hook: the number of trie nodes below the root, to prove that cleared topics are pruned. */
    int nodeCount() {
        return countNodes(root) - 1;
    }

    private static int countNodes(Node node) {
        int n = 1;
        for (Node child : node.children.values()) {
            n += countNodes(child);
        }
        return n;
    }

    private static final class Node {
        volatile Node parent;
        final String level;
        final ConcurrentHashMap<String, Node> children = new ConcurrentHashMap<>(2);
        volatile Message message;
        boolean removed; // guarded by this

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }
    }
}
