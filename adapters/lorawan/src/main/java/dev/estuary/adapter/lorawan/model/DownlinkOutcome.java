package dev.estuary.adapter.lorawan.model;

/**
 * What a network server reported about a downlink: the key Estuary gave it (ChirpStack queue item id, TTS
 * correlation id) and the new state.
 *
 * @param key    the correlation key
 * @param status {@code queued}, {@code sent}, {@code acknowledged} or {@code failed}
 * @param detail why it failed, or null
 */
public record DownlinkOutcome(String key, String status, String detail) {
    public static final String QUEUED = "queued";
    public static final String SENT = "sent";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String FAILED = "failed";

    /** True for states after which nothing more is expected. */
    public boolean terminal(boolean confirmed) {
        return FAILED.equals(status) || ACKNOWLEDGED.equals(status) || (!confirmed && SENT.equals(status));
    }
}
