package dev.estuary.adapter.tcp.sdk;

/** Thrown by {@link VendorHandler#onDownlink} for a downlink the device cannot take; the message says why. */
public class DownlinkRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public DownlinkRejectedException(String message) {
        super(message);
    }
}
