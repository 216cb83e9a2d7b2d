package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.codec.FrameType;

/** Where a spec connection is in its life (spec §6.1), and which frames each state accepts from the device. */
public enum ConnectionState {
    /** Connected; only HELLO (or GOODBYE/ERROR) may come. */
    AWAITING_HELLO,
    /** HELLO received, the broker is checking the credentials; the device must wait for HELLO_ACK. */
    AUTHENTICATING,
    /** HELLO accepted. */
    ONLINE,
    /** The connection is being closed; further input is ignored. */
    CLOSING;

    public boolean closing() {
        return this == CLOSING;
    }

    /**
     * Why a frame from the device is not allowed now (a PROTOCOL_VIOLATION, spec §6.1), or null when it is.
     */
    public String refuses(FrameType type) {
        if (!type.direction().fromDevice()) {
            return type + " is sent by the gateway only";
        }
        if (type == FrameType.GOODBYE || type == FrameType.ERROR) {
            return null;
        }
        switch (this) {
            case AWAITING_HELLO:
                return type == FrameType.HELLO ? null : type + " before HELLO";
            case AUTHENTICATING:
                return type + " before HELLO_ACK";
            case ONLINE:
                return type == FrameType.HELLO ? "a second HELLO" : null;
            default:
                return null;
        }
    }
}
