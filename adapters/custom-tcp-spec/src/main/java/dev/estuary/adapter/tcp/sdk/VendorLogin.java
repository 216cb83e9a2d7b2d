package dev.estuary.adapter.tcp.sdk;

import java.util.Map;
import java.util.Objects;

/**
 * Who a vendor device says it is, for {@link DeviceLink#login}. The credentials are checked by the gateway like an
 * MQTT client's (username and password, or the device id alone when client-id authentication is on).
 *
 * @param deviceId the device id (serial number, meter address...), not empty
 * @param username the username, or null
 * @param password the password bytes, or null
 * @param details  protocol details for the device's retained status (JSON-compatible JDK values)
 */
public record VendorLogin(String deviceId, String username, byte[] password, Map<String, Object> details) {
    public VendorLogin {
        Objects.requireNonNull(deviceId, "deviceId");
        if (deviceId.isEmpty()) {
            throw new IllegalArgumentException("device id must not be empty");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
