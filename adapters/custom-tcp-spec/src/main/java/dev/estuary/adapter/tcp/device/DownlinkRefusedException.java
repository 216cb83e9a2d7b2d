package dev.estuary.adapter.tcp.device;

/** A downlink that cannot be sent to the device at all (too large, no such command); the message says why. */
public final class DownlinkRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public DownlinkRefusedException(String message) {
        super(message);
    }
}
