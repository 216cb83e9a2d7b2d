package dev.estuary.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Data from a device. Built with {@link #of(byte[])}; published by {@link DeviceSession#uplink} to
 * {@code devices/{adapter}/{deviceId}/up[/{channel}]} or by {@link DeviceSession#publish} to any topic.
 */
public final class Uplink {
    private final byte[] payload;
    private String channel;
    private int qos;
    private boolean retain;
    private String contentType;
    private final List<Map.Entry<String, String>> userProperties = new ArrayList<>(2);
    private long messageExpirySeconds = -1;
    private String responseTopic;
    private byte[] correlationData;

    private Uplink(byte[] payload) {
        this.payload = Objects.requireNonNull(payload, "payload");
    }

    /** An uplink carrying {@code payload} (the array is not copied: don't change it afterwards). */
    public static Uplink of(byte[] payload) {
        return new Uplink(payload);
    }

    /** Sub-topic below {@code up/}, may contain '/' (e.g. "temperature" or "3303/0/5700"); null for none. */
    public Uplink channel(String v) {
        this.channel = v;
        return this;
    }

    public Uplink qos(int v) {
        if (v < 0 || v > 2) {
            throw new IllegalArgumentException("qos must be 0..2");
        }
        this.qos = v;
        return this;
    }

    public Uplink retain(boolean v) {
        this.retain = v;
        return this;
    }

    /** MQTT 5 content type, e.g. {@code application/json}, {@code application/cbor}. */
    public Uplink contentType(String v) {
        this.contentType = v;
        return this;
    }

    /** Adds an MQTT 5 user property (metadata for raw payloads). */
    public Uplink userProperty(String name, String value) {
        this.userProperties.add(Map.entry(name, value));
        return this;
    }

    /** Message expiry in seconds; -1 (default) for none. */
    public Uplink messageExpirySeconds(long v) {
        this.messageExpirySeconds = v;
        return this;
    }

    public Uplink responseTopic(String v) {
        this.responseTopic = v;
        return this;
    }

    public Uplink correlationData(byte[] v) {
        this.correlationData = v;
        return this;
    }

    public byte[] payload() {
        return payload;
    }

    public String channel() {
        return channel;
    }

    public int qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    public String contentType() {
        return contentType;
    }

    public List<Map.Entry<String, String>> userProperties() {
        return userProperties;
    }

    public long messageExpirySeconds() {
        return messageExpirySeconds;
    }

    public String responseTopic() {
        return responseTopic;
    }

    public byte[] correlationData() {
        return correlationData;
    }
}
