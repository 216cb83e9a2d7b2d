package dev.estuary.adapter.tcp.sdk;

import dev.estuary.core.spi.PublishResult;
import dev.estuary.core.spi.Uplink;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The gateway side of one vendor connection, handed to {@link VendorProtocol#newHandler}. Call it from the
 * handler's methods (the connection's thread); stages complete on that same thread, so the handler stays
 * single-threaded.
 *
 * @param <M> the vendor's message type
 */
public interface DeviceLink<M> {
    /** The device's address. */
    InetSocketAddress remoteAddress();

    /** Whether the connection is TLS. */
    boolean secure();

    /**
     * Opens the device's session: the broker authenticates it and checks the ACL. Completes when the device is
     * online, or exceptionally with {@link dev.estuary.core.spi.DeviceRefusedException} (see its
     * {@code reason()}); answer the device accordingly. On refusal, close the connection (perhaps after a message
     * saying so). Call once per connection; {@link #uplink} and downlinks work only after it completed.
     */
    CompletionStage<Void> login(VendorLogin login);

    /** The logged-in device id, or null. */
    String deviceId();

    /**
     * Publishes device data to {@code devices/tcp-{id}/{deviceId}/up[/{channel}]}. Completes with what the broker
     * did. While many uplinks are in flight the adapter stops reading from the socket (back-pressure).
     */
    CompletionStage<PublishResult> uplink(Uplink uplink);

    /** Merges protocol details into the device's retained status (firmware version, relay state...). */
    void status(Map<String, Object> details);

    /** Publishes an event to {@code devices/tcp-{id}/{deviceId}/events/{name}}. */
    void event(String name, Map<String, Object> body);

    /** Encodes and sends a message to the device. */
    void send(M message);

    /**
     * The device acknowledged the downlink sent with {@code messageId}; {@code result} (may be empty) is passed to
     * the requester. Returns false when no such downlink is waiting (late after a timeout, or unknown).
     */
    boolean downlinkAcked(int messageId, byte[] result);

    /** The device refused the downlink sent with {@code messageId}; {@code reason} is passed to the requester. */
    boolean downlinkRefused(int messageId, String reason);

    /** Sends {@code lastMessage} (unless null) and closes the connection; the device goes offline with {@code reason}. */
    void close(M lastMessage, String reason);
}
