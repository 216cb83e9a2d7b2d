package dev.estuary.adapter.mqtt.handler;

/** Where a connection is in its life; protocol order is enforced by these states. */
enum ConnectionState {
    /** Socket open, nothing received yet: only CONNECT is allowed. */
    AWAITING_CONNECT,
    /** CONNECT received, authentication and session attach in progress: further packets are held back. */
    CONNECTING,
    /** CONNACK sent: normal operation. */
    CONNECTED,
    /** Closing or closed: everything is ignored. */
    CLOSED;

    boolean connected() {
        return this == CONNECTED;
    }

    boolean closed() {
        return this == CLOSED;
    }
}
