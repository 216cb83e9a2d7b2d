package dev.estuary.adapter.tcp.sdk;

import dev.estuary.core.spi.DeviceMessage;

/**
 * What a vendor's messages mean, for one connection. Every method is called on the connection's thread, one call
 * at a time, so a handler needs no locks; it must not block. An exception other than those declared is treated as
 * a bug in the vendor plugin: it is logged at ERROR with the vendor id and the connection is closed (the gateway
 * and other connections go on).
 *
 * @param <M> the vendor's message type
 */
public interface VendorHandler<M> {
    /**
     * A message decoded from the device. The first ones usually identify the device: call
     * {@link DeviceLink#login} with its identity and credentials, and answer the device when the returned stage
     * completes. After login, turn readings into {@link DeviceLink#uplink}s and acknowledgements of commands into
     * {@link DeviceLink#downlinkAcked} / {@link DeviceLink#downlinkRefused}.
     */
    void onMessage(M message) throws Exception;

    /**
     * A downlink for the logged-in device, published by an MQTT client to
     * {@code devices/tcp-{id}/{deviceId}/down[/{channel}]}. Return the message to send; the adapter encodes and
     * sends it, waits for {@link DeviceLink#downlinkAcked} or {@link DeviceLink#downlinkRefused} with
     * {@code messageId}, resends the same message on timeout (bounded), and reports the outcome to the requester.
     *
     * @param messageId an id in 1..{@link VendorProtocol#maxMessageId()} not in use on this connection
     * @throws DownlinkRejectedException when the downlink makes no sense for the device (unknown channel, bad
     *                                   payload); the requester gets the message as the error
     */
    M onDownlink(DeviceMessage downlink, int messageId) throws DownlinkRejectedException;

    /** The connection ended (for any reason); the device session is already closed. */
    default void onClosed(String reason) {
    }
}
