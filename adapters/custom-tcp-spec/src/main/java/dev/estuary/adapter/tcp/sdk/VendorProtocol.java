package dev.estuary.adapter.tcp.sdk;

import java.time.Duration;
import org.pf4j.ExtensionPoint;

/**
 * A vendor's TCP protocol, contributed by a vendor plugin as a PF4J extension ({@code @Extension}). The TCP adapter
 * opens a listener for each one it finds and, per connection, creates a {@link VendorCodec} and a
 * {@link VendorHandler}. The vendor's devices appear under {@code devices/tcp-{id}/{deviceId}/...} with client ids
 * {@code tcp-{id}:{deviceId}}.
 *
 * @param <M> the vendor's message type (what its codec decodes to and encodes from)
 */
public interface VendorProtocol<M> extends ExtensionPoint {
    /**
     * The vendor id: lowercase letters, digits and '-' ({@code meter}). It names the listener's configuration
     * ({@code adapters.tcp.vendors.{id}}) and the topic segment {@code tcp-{id}}.
     */
    String id();

    /** The SDK version the vendor was built against; see {@link VendorSdk}. */
    default String sdkVersion() {
        return VendorSdk.VERSION;
    }

    /** The port used when {@code adapters.tcp.vendors.{id}.port} is not set; -1: open no listener unless configured. */
    default int defaultPort() {
        return -1;
    }

    /**
     * The largest frame, in bytes. The adapter never buffers more than this for one frame: a connection whose
     * pending bytes reach it without a complete frame is closed.
     */
    int maxFrameLength();

    /**
     * The largest message id the protocol can carry in a downlink (for example 255 for a one-byte sequence
     * number). The adapter hands out ids 1..maxMessageId, never two alike in flight on one connection.
     */
    default int maxMessageId() {
        return 65535;
    }

    /** A connection that has not called {@link DeviceLink#login} within this is closed (configurable per listener). */
    default Duration loginTimeout() {
        return Duration.ofSeconds(30);
    }

    /** A connection from which no complete frame arrived for this long is closed (configurable per listener). */
    default Duration idleTimeout() {
        return Duration.ofMinutes(5);
    }

    /** A codec for one new connection; it may keep state between calls. */
    VendorCodec<M> newCodec();

    /** The protocol logic for one new connection, talking to the gateway through {@code link}. */
    VendorHandler<M> newHandler(DeviceLink<M> link);
}
