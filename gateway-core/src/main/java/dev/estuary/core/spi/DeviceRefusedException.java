package dev.estuary.core.spi;

/**
 * A device was refused at {@link AdapterContext#openDevice}. {@link #reason()} tells the adapter which of its
 * protocol's errors to answer with (CoAP 4.01 vs 4.03, a result code in a hello acknowledgement, ...).
 */
public class DeviceRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a device was refused. */
    public enum Reason {
        /** Unknown user or wrong password (MQTT 0x86). */
        BAD_CREDENTIALS,
        /** Authenticated but not allowed to connect, or banned (MQTT 0x87, 0x8A). */
        NOT_AUTHORIZED,
        /** The device id is not acceptable (too long, empty). */
        INVALID_ID,
        /** The gateway cannot take the device now (overload, shutting down, internal error). */
        UNAVAILABLE
    }

    private final Reason reason;
    private final int reasonCode;

    public DeviceRefusedException(Reason reason, int reasonCode, String message) {
        super(message);
        this.reason = reason;
        this.reasonCode = reasonCode;
    }

    public Reason reason() {
        return reason;
    }

    /** The MQTT 5 reason code behind the refusal (0x86, 0x87, ...). */
    public int reasonCode() {
        return reasonCode;
    }
}
