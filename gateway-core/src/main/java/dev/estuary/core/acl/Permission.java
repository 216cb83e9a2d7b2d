package dev.estuary.core.acl;

import java.util.Locale;

/** What an ACL rule decides when it matches. */
public enum Permission {
    ALLOW,
    DENY;

    /** {@code allow} / {@code deny}, as written in acl.conf and the database. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code allow} or {@code deny}. */
    public static Permission parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "allow": return ALLOW;
            case "deny": return DENY;
            default: throw new IllegalArgumentException("permission must be allow or deny, not '" + s + "'");
        }
    }
}
