package dev.estuary.core.auth;

/**
 * The outcome of authenticating a CONNECT.
 *
 * @param reasonCode MQTT 5 reason code: 0x00 accepted, 0x86 bad user name or password, 0x87 not authorized,
 *                   0x8A banned, ...
 * @param detail     why, for the log and the MQTT 5 reason string; null on success
 * @param username   the username to record (may differ from the one sent, e.g. a certificate CN), or null
 * @param superuser  whether ACL checks are skipped for this client
 */
public record AuthResult(int reasonCode, String detail, String username, boolean superuser) {
    public static AuthResult allow(String username, boolean superuser) {
        return new AuthResult(0, null, username, superuser);
    }

    public static AuthResult deny(int reasonCode, String detail) {
        return new AuthResult(reasonCode, detail, null, false);
    }

    public boolean allowed() {
        return reasonCode == 0;
    }
}
