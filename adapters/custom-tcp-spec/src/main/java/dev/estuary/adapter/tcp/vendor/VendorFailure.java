package dev.estuary.adapter.tcp.vendor;

/**
 * What {@link VendorFrameDecoder} emits instead of a message when the connection must end: the vendor's codec
 * found the input invalid, a limit was exceeded, or the codec itself failed (a bug in the vendor plugin).
 *
 * @param reason what happened
 * @param bug    the codec threw or broke its contract (logged at ERROR), rather than the device misbehaving
 * @param cause  the codec's exception, or null
 */
record VendorFailure(String reason, boolean bug, Throwable cause) {
    static VendorFailure device(String reason) {
        return new VendorFailure(reason, false, null);
    }

    static VendorFailure bug(String reason, Throwable cause) {
        return new VendorFailure(reason, true, cause);
    }
}
