package dev.estuary.core.spi;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who a device says it is, for {@link AdapterContext#openDevice}. Built with {@link #builder(String)}.
 * The credentials are checked exactly like an MQTT client's (username/password against the user store, or the
 * device id alone when client-id authentication is on).
 */
public final class DeviceLogin {
    private final String deviceId;
    private final String kind;
    private final String username;
    private final byte[] password;
    private final InetSocketAddress remoteAddress;
    private final String protocol;
    private final Map<String, Object> details;
    private final long sessionExpirySeconds;
    private final String transportAuthentication;

    private DeviceLogin(Builder b) {
        this.deviceId = b.deviceId;
        this.kind = b.kind;
        this.username = b.username;
        this.password = b.password;
        this.remoteAddress = b.remoteAddress;
        this.protocol = b.protocol;
        this.details = Map.copyOf(b.details);
        this.sessionExpirySeconds = b.sessionExpirySeconds;
        this.transportAuthentication = b.transportAuthentication;
    }

    /** @param deviceId the device's id as the protocol names it (any characters; encoded for topics) */
    public static Builder builder(String deviceId) {
        return new Builder(deviceId);
    }

    public String deviceId() {
        return deviceId;
    }

    /** The {@code {adapter}} topic segment: the adapter id, or a sub-kind {@code {adapter id}-{suffix}}; null = id. */
    public String kind() {
        return kind;
    }

    public String username() {
        return username;
    }

    public byte[] password() {
        return password;
    }

    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Protocol name for events and status (e.g. "coap", "coaps", "lwm2m 1.1"); null = the adapter id. */
    public String protocol() {
        return protocol;
    }

    /** Protocol details shown in the retained status (JSON-compatible JDK values). */
    public Map<String, Object> details() {
        return details;
    }

    /** 0: the session ends with the device session (default); >0: kept that long for queued downlinks. */
    public long sessionExpirySeconds() {
        return sessionExpirySeconds;
    }

    /**
     * How the adapter's transport already proved the device's identity (e.g. {@code "dtls-psk"},
     * {@code "dtls-x509"}), or null when the broker must check credentials. Since SPI 1.1.
     */
    public String transportAuthentication() {
        return transportAuthentication;
    }

    /** Builder. */
    public static final class Builder {
        private final String deviceId;
        private String kind;
        private String username;
        private byte[] password;
        private InetSocketAddress remoteAddress;
        private String protocol;
        private final Map<String, Object> details = new LinkedHashMap<>();
        private long sessionExpirySeconds;
        private String transportAuthentication;

        private Builder(String deviceId) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            if (deviceId.isEmpty()) {
                throw new IllegalArgumentException("device id must not be empty");
            }
        }

        public Builder kind(String v) {
            this.kind = v;
            return this;
        }

        public Builder username(String v) {
            this.username = v;
            return this;
        }

        public Builder password(byte[] v) {
            this.password = v == null ? null : v.clone();
            return this;
        }

        public Builder remoteAddress(InetSocketAddress v) {
            this.remoteAddress = v;
            return this;
        }

        public Builder protocol(String v) {
            this.protocol = v;
            return this;
        }

        public Builder detail(String key, Object value) {
            this.details.put(key, value);
            return this;
        }

        public Builder sessionExpirySeconds(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("session expiry must be >= 0");
            }
            this.sessionExpirySeconds = v;
            return this;
        }

        /**
         * Declares that the transport has authenticated the device (a DTLS handshake with the device's pre-shared
         * key or certificate): the broker then accepts it without a password, even with anonymous access off, and
         * still applies the ACL to everything it does. Only use it when the adapter itself verified the identity
         * this login names. Since SPI 1.1.
         *
         * @param mechanism a short name for logs and events, e.g. {@code "dtls-psk"}
         */
        public Builder transportAuthenticated(String mechanism) {
            this.transportAuthentication = java.util.Objects.requireNonNull(mechanism, "mechanism");
            return this;
        }

        public DeviceLogin build() {
            return new DeviceLogin(this);
        }
    }
}
