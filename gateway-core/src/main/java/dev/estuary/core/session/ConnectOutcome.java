package dev.estuary.core.session;

/**
 * The broker's answer to a connect: a reason code (0 for success), and on success the session.
 *
 * @param reasonCode       MQTT 5 CONNACK reason code (0x00 success; 0x86, 0x87, 0x85, ... refusals)
 * @param reasonString     a human-readable reason for refusals, or null
 * @param session          the attached session on success, else null
 * @param sessionPresent   whether an existing session was resumed
 * @param assignedClientId the client id the broker assigned, or null when the client chose one
 * @param client           the identity as finally established (username, superuser...), or null on refusal
 */
public record ConnectOutcome(int reasonCode, String reasonString, Session session, boolean sessionPresent,
                             String assignedClientId, ClientInfo client) {
    public static ConnectOutcome refused(int reasonCode, String reason) {
        return new ConnectOutcome(reasonCode, reason, null, false, null, null);
    }

    public boolean accepted() {
        return reasonCode == 0;
    }
}
