package dev.estuary.core.routing;

/**
 * Limits on topic names and filters.
 *
 * @param maxLength maximum length in UTF-16 chars (MQTT allows 65535 bytes)
 * @param maxLevels maximum number of '/'-separated levels
 */
public record TopicLimits(int maxLength, int maxLevels) {
    public static final TopicLimits DEFAULT = new TopicLimits(65535, 128);
}
