package dev.estuary.core.message;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application message as the broker routes it: immutable and shared by every subscriber it is delivered to,
 * so the payload is copied once on the way in and never again.
 *
 * <p>Message expiry (MQTT 5.0 §3.3.2.3.3) is kept as an absolute deadline in the broker clock's milliseconds;
 * a subscriber receives the remaining interval.
 */
public final class Message {
    private static final AtomicLong IDS = new AtomicLong();
    private static final byte[] EMPTY = new byte[0];

    private final long id;
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final MessageProperties properties;
    private final String publisherId;
    private final long createdAtMillis;
    private final long expiresAtMillis;
    /** The topic's UTF-8 bytes, computed on first use (like {@link String#hashCode()}); racy but idempotent. */
    private volatile byte[] topicUtf8;

    private Message(Builder b) {
        this.id = b.id != 0 ? b.id : IDS.incrementAndGet();
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.payload = b.payload == null ? EMPTY : b.payload;
        if (b.qos < 0 || b.qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + b.qos);
        }
        this.qos = b.qos;
        this.retain = b.retain;
        this.properties = b.properties == null ? MessageProperties.NONE : b.properties;
        this.publisherId = b.publisherId;
        this.createdAtMillis = b.createdAtMillis;
        this.expiresAtMillis = b.expiresAtMillis;
    }

    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** Broker-unique, increasing id (used for persistence and tracing). */
    public long id() {
        return id;
    }

    public String topic() {
        return topic;
    }

    /**
     * The topic encoded as UTF-8, computed once per message and shared by every subscriber's encoder; callers
     * must not modify the array.
     */
    public byte[] topicUtf8() {
        byte[] t = topicUtf8;
        if (t == null) {
            t = topic.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            topicUtf8 = t;
        }
        return t;
    }

    /** The payload; callers must not modify the array. */
    public byte[] payload() {
        return payload;
    }

    public int qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    public MessageProperties properties() {
        return properties;
    }

    /** Client id of the publisher, or null for messages the broker made itself ($SYS, status). */
    public String publisherId() {
        return publisherId;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** Absolute expiry in broker-clock millis, or 0 when the message never expires. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    public boolean isExpired(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    /** Remaining message-expiry interval in whole seconds (rounded up), or -1 when the message never expires. */
    public long remainingExpirySeconds(long nowMillis) {
        if (expiresAtMillis == 0) {
            return -1;
        }
        long left = expiresAtMillis - nowMillis;
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    /** A copy that differs only in the retain flag (the same id, payload and properties). */
    public Message withRetain(boolean newRetain) {
        if (newRetain == retain) {
            return this;
        }
        return toBuilder().retain(newRetain).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(topic);
        b.id = id;
        b.payload = payload;
        b.qos = qos;
        b.retain = retain;
        b.properties = properties;
        b.publisherId = publisherId;
        b.createdAtMillis = createdAtMillis;
        b.expiresAtMillis = expiresAtMillis;
        return b;
    }

    @Override
    public String toString() {
        return "Message{id=" + id + ", topic='" + topic + "', qos=" + qos + ", retain=" + retain
                + ", bytes=" + payload.length + ", from=" + publisherId + '}';
    }

    /** Builder; {@link #build()} checks the required parts. */
    public static final class Builder {
        private long id;
        private String topic;
        private byte[] payload;
        private int qos;
        private boolean retain;
        private MessageProperties properties;
        private String publisherId;
        private long createdAtMillis;
        private long expiresAtMillis;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder id(long v) {
            this.id = v;
            return this;
        }

        public Builder topic(String v) {
            this.topic = v;
            return this;
        }

        public Builder payload(byte[] v) {
            this.payload = v;
            return this;
        }

        public Builder qos(int v) {
            this.qos = v;
            return this;
        }

        public Builder retain(boolean v) {
            this.retain = v;
            return this;
        }

        public Builder properties(MessageProperties v) {
            this.properties = v;
            return this;
        }

        public Builder publisherId(String v) {
            this.publisherId = v;
            return this;
        }

        public Builder createdAtMillis(long v) {
            this.createdAtMillis = v;
            return this;
        }

        public Builder expiresAtMillis(long v) {
            this.expiresAtMillis = v;
            return this;
        }

        public Message build() {
            return new Message(this);
        }
    }
}
