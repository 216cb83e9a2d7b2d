package dev.estuary.core.acl;

import dev.estuary.core.session.ClientInfo;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * Whom an ACL rule applies to: everyone, one username, one client id, the clients of an IP address or CIDR block
 * (IPv4 or IPv6), or devices behind adapters ({@code {adapter, "coap"}} for one adapter's devices,
 * {@code {adapter, "*"}} for every device; MQTT clients never match).
 *
 * @param kind  which kind of match
 * @param value the username, client id, address/block or adapter ({@code *} for any); null for {@link Kind#ALL}
 */
public record Who(Kind kind, String value) {
    /** The kinds of {@link Who}. */
    public enum Kind {
        ALL,
        USER,
        CLIENTID,
        IPADDR,
        ADAPTER;

        /** {@code all}, {@code user}, {@code clientid}, {@code ipaddr}, {@code adapter}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a label; also takes EMQX's {@code username} and {@code client}. */
        public static Kind parse(String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "all": return ALL;
                case "user":
                case "username": return USER;
                case "clientid":
                case "client": return CLIENTID;
                case "ipaddr": return IPADDR;
                case "adapter": return ADAPTER;
                default: throw new IllegalArgumentException("who must be all, user, clientid, ipaddr or adapter, "
                        + "not '" + s + "'");
            }
        }
    }

    public Who {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.ALL) {
            value = null;
        } else {
            Objects.requireNonNull(value, kind.label() + " needs a value");
            if (kind == Kind.IPADDR) {
                Cidr.parse(value); // validates
            }
        }
    }

    public static Who all() {
        return new Who(Kind.ALL, null);
    }

    public static Who user(String username) {
        return new Who(Kind.USER, username);
    }

    public static Who clientId(String clientId) {
        return new Who(Kind.CLIENTID, clientId);
    }

    public static Who ipAddr(String addressOrCidr) {
        return new Who(Kind.IPADDR, addressOrCidr);
    }

    /** The devices of one adapter (the {@code {adapter}} topic segment), or of every adapter with {@code *}. */
    public static Who adapter(String adapter) {
        return new Who(Kind.ADAPTER, adapter);
    }

    /** Whether this applies to {@code client}. */
    boolean matches(ClientInfo client, Cidr cidr) {
        switch (kind) {
            case ALL:
                return true;
            case USER:
                return value.equals(client.username());
            case CLIENTID:
                return value.equals(client.clientId());
            case ADAPTER:
                return client.adapter() != null && (value.equals("*") || value.equals(client.adapter()));
            default:
                InetAddress a = client.remoteAddress() == null ? null : client.remoteAddress().getAddress();
                return a != null && cidr.contains(a);
        }
    }
}
