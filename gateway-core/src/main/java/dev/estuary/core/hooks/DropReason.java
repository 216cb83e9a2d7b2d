package dev.estuary.core.hooks;

import java.util.Locale;

/** Why a message was not delivered. Every drop is counted under one of these. */
public enum DropReason {
    /** Nobody subscribed to the topic. */
    NO_SUBSCRIBERS,
    /** The session's offline/pending queue was full; the oldest message was dropped. */
    QUEUE_FULL,
    /** A QoS 0 message for an offline session while {@code store_qos0} is off. */
    QOS0_OFFLINE,
    /** The message expired before it could be delivered. */
    EXPIRED,
    /** The PUBLISH would exceed the receiver's maximum packet size. */
    TOO_LARGE,
    /** The receiver or publisher is not authorized for the topic. */
    NOT_AUTHORIZED,
    /** The session ended (expired, or replaced by a clean start) with the message still queued. */
    SESSION_ENDED,
    /** The receiving adapter refused the message or failed. */
    ADAPTER_REJECTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
