package dev.estuary.adapter.tcp.sdk;

/**
 * The SDK version. A vendor reports the version it was built against ({@link VendorProtocol#sdkVersion()}); the
 * adapter opens its listener only when the major versions are equal and the vendor's minor version is not newer.
 * Minor versions only add.
 */
public final class VendorSdk {
    public static final int MAJOR = 1;
    public static final int MINOR = 0;
    public static final String VERSION = MAJOR + "." + MINOR;

    private VendorSdk() {
    }

    /** Whether a vendor built against {@code required} ("1.0") can run with this adapter. */
    public static boolean isCompatible(String required) {
        String[] parts = required == null ? new String[0] : required.trim().split("\\.");
        if (parts.length < 2) {
            return false;
        }
        try {
            return Integer.parseInt(parts[0]) == MAJOR && Integer.parseInt(parts[1]) <= MINOR;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
