package dev.estuary.core.session;

import dev.estuary.core.hooks.Disconnect;

/**
 * The network side of an attached session: an MQTT connection, or a device session bridged by an adapter.
 * The session calls these methods only from its lane, which is {@link #lane()} while attached.
 */
public interface ClientConnection {
    /** The thread this connection's session must run on. */
    Lane lane();

    /**
     * Writes a PUBLISH (not necessarily flushed).
     *
     * @return false if the packet was not sent because it exceeds the client's maximum packet size
     */
    boolean sendPublish(OutboundPublish publish);

    /** Writes a PUBREL for an outbound QoS 2 message. */
    void sendPubrel(int packetId);

    /** Whether the connection can take more writes now; when false the session queues instead. */
    boolean isWritable();

    /** Flushes what was written. Called once at the end of a batch of writes. */
    void flush();

    /**
     * Ends the connection from the server side: for MQTT 5 a DISCONNECT with {@code disconnect.reasonCode()} and
     * the detail as reason string, then close. Must not call back into the session synchronously.
     */
    void close(Disconnect disconnect);
}
