package dev.estuary.core.spi;

import java.util.Map;

/**
 * What a codec may want to know besides the bytes.
 *
 * @param adapter  the adapter id
 * @param deviceId the device id
 * @param port     a protocol port or channel number (LoRaWAN fPort), or -1
 * @param metadata further protocol metadata (JSON-compatible JDK values)
 */
public record CodecContext(String adapter, String deviceId, int port, Map<String, Object> metadata) {
    public CodecContext {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
