package dev.estuary.adapter.lorawan.abp;

import dev.estuary.adapter.lorawan.Hex;
import java.util.Arrays;
import java.util.Locale;

/**
 * An ABP (activation by personalisation) device's LoRaWAN 1.0.x session: DevEUI, DevAddr and the two session keys.
 *
 * @param devEui  DevEUI, 16 lowercase hex digits
 * @param devAddr DevAddr as a number
 * @param nwkSKey network session key (16 bytes)
 * @param appSKey application session key (16 bytes)
 */
public record AbpDevice(String devEui, int devAddr, byte[] nwkSKey, byte[] appSKey) {
    public AbpDevice {
        if (Hex.eui(devEui) == null) {
            throw new IllegalArgumentException("DevEUI must be 16 hex digits: " + devEui);
        }
        devEui = Hex.eui(devEui);
        if (nwkSKey == null || nwkSKey.length != 16 || appSKey == null || appSKey.length != 16) {
            throw new IllegalArgumentException("NwkSKey and AppSKey must be 16 bytes (32 hex digits)");
        }
        nwkSKey = nwkSKey.clone();
        appSKey = appSKey.clone();
    }

    /** Builds one from hex strings, as typed on a command line. */
    public static AbpDevice of(String devEui, String devAddrHex, String nwkSKeyHex, String appSKeyHex) {
        if (devAddrHex == null || !devAddrHex.matches("(?i)[0-9a-f]{8}")) {
            throw new IllegalArgumentException("DevAddr must be 8 hex digits: " + devAddrHex);
        }
        return new AbpDevice(devEui, (int) Long.parseLong(devAddrHex, 16), parseKey(nwkSKeyHex, "NwkSKey"),
                parseKey(appSKeyHex, "AppSKey"));
    }

    private static byte[] parseKey(String hex, String what) {
        if (hex == null || !hex.matches("(?i)[0-9a-f]{32}")) {
            throw new IllegalArgumentException(what + " must be 32 hex digits");
        }
        return Hex.parse(hex);
    }

    public String devAddrHex() {
        return String.format(Locale.ROOT, "%08x", devAddr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbpDevice d && d.devEui.equals(devEui) && d.devAddr == devAddr
                && Arrays.equals(d.nwkSKey, nwkSKey) && Arrays.equals(d.appSKey, appSKey);
    }

    @Override
    public int hashCode() {
        return devEui.hashCode() * 31 + devAddr;
    }

    /** Keys are not printed. */
    @Override
    public String toString() {
        return "AbpDevice[" + devEui + ", devAddr " + devAddrHex() + "]";
    }
}
