package dev.estuary.core.ban;

import dev.estuary.core.acl.Cidr;
import dev.estuary.core.session.ClientInfo;
import java.util.Objects;

/**
 * One ban: connects matching it are refused with CONNACK 0x8A (banned; MQTT 3.1.1: return code 5).
 *
 * @param kind             what {@code value} is
 * @param value            the client id, the username, or an IP address or CIDR block ({@code 10.0.0.0/8})
 * @param reason           why, shown to operators (and in the MQTT 5 reason string), or null
 * @param by               who banned it ({@code api}, {@code flapping}, an API key name), or null
 * @param createdAtMillis  when the ban was made
 * @param untilMillis      when it expires, 0 for never
 */
public record Ban(BanKind kind, String value, String reason, String by, long createdAtMillis, long untilMillis) {
    public Ban {
        Objects.requireNonNull(kind, "kind");
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a ban needs a non-empty " + kind.label());
        }
        if (kind == BanKind.IPADDR) {
            Cidr.parse(value); // validates: an address or CIDR block, never a host name
        }
        if (untilMillis < 0) {
            throw new IllegalArgumentException("until must not be negative");
        }
    }

    /** Whether the ban has expired at {@code nowMillis}. */
    public boolean expired(long nowMillis) {
        return untilMillis != 0 && nowMillis >= untilMillis;
    }

    /** Whether this ban applies to {@code client} (expiry aside). */
    public boolean matches(ClientInfo client) {
        switch (kind) {
            case CLIENTID:
                return value.equals(client.clientId());
            case USERNAME:
                return value.equals(client.username());
            default:
                return client.remoteAddress() != null && client.remoteAddress().getAddress() != null
                        && Cidr.parse(value).contains(client.remoteAddress().getAddress());
        }
    }

    /** The key a ban is stored and removed by. */
    public Key key() {
        return new Key(kind, value);
    }

    /** A ban's identity: kind and value. */
    public record Key(BanKind kind, String value) {
    }
}
