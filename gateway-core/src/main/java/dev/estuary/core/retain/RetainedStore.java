package dev.estuary.core.retain;

import dev.estuary.core.message.Message;
import java.util.function.Consumer;

/**
 * Retained messages by topic (MQTT 5.0 §3.3.1.3). Implementations are safe for concurrent use from every lane.
 */
public interface RetainedStore {
    /** Stores {@code message} as the retained message of its topic; an empty payload clears the topic instead. */
    void put(Message message);

    /** Removes the retained message of a topic; returns true when there was one. */
    boolean remove(String topic);

    /** The retained message of one topic, or null. */
    Message get(String topic);

    /**
     * Reports every retained message whose topic matches {@code filter} (with the '$' rule for leading wildcards)
     * and which has not expired at {@code nowMillis}.
     */
    void match(String filter, long nowMillis, Consumer<Message> out);

    /** Visits every retained message. */
    void forEach(Consumer<Message> out);

    /** Number of retained messages. */
    int size();
}
