package dev.estuary.core.hooks;

import java.util.Locale;

/**
 * Why a connection ended, as one category for counters and events. The MQTT 5 reason code sent (if any) and a
 * human-readable detail travel beside it in {@link Disconnect}.
 */
public enum DisconnectReason {
    /** The client sent DISCONNECT with 0x00 (or a v3 DISCONNECT). */
    NORMAL,
    /** The client sent DISCONNECT with "disconnect with will message" (0x04) or another non-zero code. */
    CLIENT_DISCONNECT_WITH_ERROR,
    /** The socket closed without DISCONNECT. */
    CLOSED_BY_CLIENT,
    /** Nothing arrived within 1.5 x keep alive. */
    KEEPALIVE_TIMEOUT,
    /** The socket never sent CONNECT within the idle timeout. */
    IDLE_TIMEOUT,
    /** A malformed packet or a protocol violation. */
    PROTOCOL_ERROR,
    /** A packet larger than the maximum packet size. */
    PACKET_TOO_LARGE,
    /** Another connection took over the client id. */
    TAKEOVER,
    /** An operator kicked the client. */
    KICKED,
    /** Authentication or authorization refused the client. */
    NOT_AUTHORIZED,
    /** The broker is shutting down. */
    SERVER_SHUTDOWN,
    /** A limit (receive maximum, quota, rate) was exceeded. */
    QUOTA_EXCEEDED,
    /** An I/O error on the socket, or a TLS failure. */
    NETWORK_ERROR,
    /** An adapter ended the device session (idle, deregistered, ...). */
    ADAPTER_CLOSED;

    /** The name used in events and metrics: {@code keepalive_timeout}, {@code takeover}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
