package dev.estuary.core.spi;

/**
 * The outcome of a device's publish.
 *
 * @param status what happened
 * @param detail a human-readable reason for failures, else null
 */
public record PublishResult(Status status, String detail) {
    /** Outcome categories. */
    public enum Status {
        /** Accepted and handed to at least one subscriber. */
        DELIVERED,
        /** Accepted, but nobody is subscribed (retained messages are still stored). */
        NO_SUBSCRIBERS,
        /** The ACL does not allow this device to publish there. */
        NOT_AUTHORIZED,
        /** Invalid topic, payload too large, or the session is closed. */
        REJECTED
    }

    /** True for DELIVERED and NO_SUBSCRIBERS: the gateway accepted the message. */
    public boolean accepted() {
        return status == Status.DELIVERED || status == Status.NO_SUBSCRIBERS;
    }
}
