package dev.estuary.core.routing;

/** MQTT 5 Retain Handling subscription option (MQTT 5.0 §3.8.3.1). MQTT 3.x subscriptions use {@link #SEND}. */
public enum RetainHandling {
    /** Send retained messages at the time of the subscribe. */
    SEND,
    /** Send retained messages only if the subscription did not already exist. */
    SEND_IF_NEW,
    /** Do not send retained messages at the time of the subscribe. */
    DONT_SEND;

    public static RetainHandling of(int value) {
        switch (value) {
            case 0: return SEND;
            case 1: return SEND_IF_NEW;
            case 2: return DONT_SEND;
            default: throw new IllegalArgumentException("retain handling must be 0, 1 or 2: " + value);
        }
    }

    public int value() {
        return ordinal();
    }
}
