package dev.estuary.core.spi;

import java.util.Optional;

/**
 * The unified device topic model, implemented once in the core (see {@code docs/topic-model.md}):
 * <pre>
 * {mountpoint}devices/{adapter}/{deviceId}/up[/{channel...}]     uplink data
 * {mountpoint}devices/{adapter}/{deviceId}/down[/{channel...}]   downlinks from MQTT clients
 * {mountpoint}devices/{adapter}/{deviceId}/status                retained JSON status
 * {mountpoint}devices/{adapter}/{deviceId}/events/{event}        lifecycle events
 * {mountpoint}devices/{adapter}/{deviceId}/reply                 answers for MQTT 3.1.1 requesters
 * </pre>
 * Device ids are encoded so that they form exactly one topic level ({@link #encodeDeviceId}).
 */
public interface TopicModel {
    /** The configured prefix, empty or ending with '/'. */
    String mountpoint();

    String up(String adapter, String deviceId, String channel);

    String down(String adapter, String deviceId, String channel);

    String status(String adapter, String deviceId);

    String event(String adapter, String deviceId, String event);

    String reply(String adapter, String deviceId);

    /**
     * Encodes a device id as one topic level: '%' becomes %25, '/' %2F, '+' %2B, '#' %23, U+0000 %00, and a
     * leading '$' %24; everything else is kept.
     */
    String encodeDeviceId(String deviceId);

    /** Reverses {@link #encodeDeviceId}. */
    String decodeDeviceId(String level);

    /** Parses a device topic; empty when {@code topic} is not one. */
    Optional<DeviceTopic> parse(String topic);

    /**
     * A parsed device topic.
     *
     * @param adapter  the adapter segment
     * @param deviceId the decoded device id
     * @param kind     up, down, status, events or reply
     * @param rest     the channel (up/down) or event name, or null
     */
    record DeviceTopic(String adapter, String deviceId, String kind, String rest) {
    }
}
