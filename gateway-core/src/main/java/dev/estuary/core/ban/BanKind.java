package dev.estuary.core.ban;

import java.util.Locale;

/** What a ban matches: a client id, a username, or an IP address or CIDR block. */
public enum BanKind {
    CLIENTID,
    USERNAME,
    IPADDR;

    /** The name used in the API, the CLI and the database: {@code clientid}, {@code username}, {@code ipaddr}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a label (also {@code client}, {@code user}, {@code ip}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static BanKind parse(String s) {
        switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
            case "clientid":
            case "client":
                return CLIENTID;
            case "username":
            case "user":
                return USERNAME;
            case "ipaddr":
            case "ip":
                return IPADDR;
            default:
                throw new IllegalArgumentException("ban kind must be clientid, username or ipaddr, not '" + s + "'");
        }
    }
}
