package dev.estuary.core.hooks;

/**
 * One ended connection: the category, the reason code sent to or received from the client, and a detail line.
 *
 * @param reason     the category for counters
 * @param reasonCode the MQTT 5 reason code involved (0x00 normal), or -1 when none applies
 * @param detail     a short human-readable explanation, or null
 * @param publishWill whether the will message must be published (false only after a normal DISCONNECT)
 */
public record Disconnect(DisconnectReason reason, int reasonCode, String detail, boolean publishWill) {
    public static Disconnect of(DisconnectReason reason, int reasonCode, String detail) {
        return new Disconnect(reason, reasonCode, detail, reason != DisconnectReason.NORMAL);
    }
}
