package dev.estuary.core.spi;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One device's presence in the gateway, opened by {@link AdapterContext#openDevice}. While open, the device is
 * online: its retained {@code status} topic says so and it receives its downlinks. All methods are thread-safe
 * and return without blocking.
 */
public interface DeviceSession {
    /** The device id as given in the login (not encoded). */
    String deviceId();

    /** The broker client id: {@code {kind}:{deviceId}}. */
    String clientId();

    /** The {@code {adapter}} topic segment (the adapter id or its sub-kind). */
    String kind();

    boolean isOpen();

    /** Publishes data from the device to {@code devices/{kind}/{deviceId}/up[/{channel}]}, ACL-checked. */
    CompletionStage<PublishResult> uplink(Uplink uplink);

    /**
     * Publishes to any topic as this device (pass-through protocols such as CoAP's {@code /ps}), ACL-checked like an
     * MQTT client's publish. The uplink's channel is ignored.
     */
    CompletionStage<PublishResult> publish(String topic, Uplink message);

    /**
     * Sets the handler for downlinks: messages MQTT clients publish to {@code devices/{kind}/{deviceId}/down} and
     * {@code .../down/#}. Messages that arrive before a handler is set wait (bounded) for it.
     */
    void onDownlink(DeviceMessageHandler handler);

    /**
     * Subscribes the device to any topic filter (wildcards allowed), ACL-checked. Matching messages, and retained
     * ones at subscribe time, go to {@code handler}. Completes with the granted QoS, or exceptionally with
     * {@link SecurityException} when the ACL refuses, {@link IllegalArgumentException} for an invalid filter.
     */
    CompletionStage<Integer> subscribe(String filter, int qos, DeviceMessageHandler handler);

    /** Removes a subscription made with {@link #subscribe}; completes with false when there was none. */
    CompletionStage<Boolean> unsubscribe(String filter);

    /**
     * The retained message of one topic if the device may subscribe to it (completes exceptionally with
     * {@link SecurityException} otherwise).
     */
    CompletionStage<Optional<DeviceMessage>> retained(String topic);

    /** Merges protocol details into the device's retained status document and republishes it. */
    void status(Map<String, Object> details);

    /** Publishes a lifecycle event to {@code devices/{kind}/{deviceId}/events/{name}} with a JSON body. */
    void event(String name, Map<String, Object> body);

    /**
     * Answers a downlink that expects a reply: to its MQTT 5 response topic with its correlation data, or else to
     * {@code devices/{kind}/{deviceId}/reply}. By convention the payload is a JSON object carrying the request's
     * {@code id}.
     */
    CompletionStage<PublishResult> reply(DeviceMessage request, byte[] payload, String contentType);

    /** Called once when the session ends for any reason (closed by the adapter, taken over, kicked, shutdown). */
    void onClosed(Consumer<String> reason);

    /** Ends the session: status goes offline, a {@code disconnected} event carries {@code reason}. Idempotent. */
    void close(String reason);
}
