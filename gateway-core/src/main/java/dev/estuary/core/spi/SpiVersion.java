package dev.estuary.core.spi;

/**
 * The version of this SPI. An adapter reports the version it was compiled against through
 * {@link ProtocolAdapter#spiVersion()}; the gateway starts it only when the major versions are equal and the
 * adapter's minor version is not newer than the gateway's. Minor versions only add; a major version may remove.
 */
public final class SpiVersion {
    /** Incremented when something is removed or changes meaning. */
    public static final int MAJOR = 1;
    /**
     * Incremented when something is added. 1.1: {@code DeviceLogin.transportAuthenticated},
     * {@code AdapterCommand}.
     */
    public static final int MINOR = 1;
    /** {@code MAJOR.MINOR}. */
    public static final String CURRENT = MAJOR + "." + MINOR;

    private SpiVersion() {
    }

    /**
     * Whether an adapter built against {@code required} ("1.0") can run on this gateway.
     *
     * @throws IllegalArgumentException when {@code required} is not of the form MAJOR.MINOR
     */
    public static boolean isCompatible(String required) {
        String[] parts = required.trim().split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("SPI version must be MAJOR.MINOR: " + required);
        }
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major == MAJOR && minor <= MINOR;
    }
}
