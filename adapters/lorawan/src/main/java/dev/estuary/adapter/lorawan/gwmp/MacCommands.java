package dev.estuary.adapter.lorawan.gwmp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.Json;

/**
 * Reads the uplink MAC commands of a LoRaWAN 1.0.x frame (FOpts, or the FRMPayload of FPort 0) far enough to find
 * DevStatusAns (CID 0x06: battery, margin; LoRaWAN 1.0.3 §5.5). Unknown commands end the scan (their length is not
 * known).
 */
final class MacCommands {
    private MacCommands() {
    }

    /** Payload lengths of the uplink MAC commands of LoRaWAN 1.0.3, by CID (-1: unknown). */
    private static int length(int cid) {
        switch (cid) {
            case 0x02: case 0x04: case 0x08: case 0x09: case 0x0D:
                return 0;
            case 0x03: case 0x05: case 0x07: case 0x0A:
                return 1;
            case 0x06:
                return 2;
            default:
                return -1;
        }
    }

    /** Status details from a DevStatusAns in {@code commands}, or null when there is none. */
    static ObjectNode devStatus(byte[] commands) {
        int i = 0;
        while (i < commands.length) {
            int cid = commands[i] & 0xff;
            int len = length(cid);
            if (len < 0 || i + 1 + len > commands.length) {
                return null;
            }
            if (cid == 0x06) {
                int battery = commands[i + 1] & 0xff;
                int margin = (commands[i + 2] << 26) >> 26;
                ObjectNode d = Json.object();
                d.put("battery", battery);
                d.put("externalPowerSource", battery == 0);
                d.put("batteryLevelUnavailable", battery == 255);
                if (battery == 0 || battery == 255) {
                    d.putNull("batteryLevel");
                } else {
                    d.put("batteryLevel", Math.round(battery * 10000.0 / 254) / 100.0);
                }
                d.put("margin", margin);
                return d;
            }
            i += 1 + len;
        }
        return null;
    }
}
