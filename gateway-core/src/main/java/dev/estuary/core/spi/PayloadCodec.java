package dev.estuary.core.spi;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * Converts a device's binary payloads to a JSON object and back (Cayenne LPP, a vendor's format...). Codecs are
 * PF4J extensions; adapters look them up by id in {@link PayloadCodecs} and configuration chooses which applies to
 * which device. JSON objects are plain JDK values: {@code Map<String,Object>} with String, Number, Boolean, List,
 * Map and null.
 */
public interface PayloadCodec extends ExtensionPoint {
    /** The codec id used in configuration, e.g. {@code cayenne-lpp}. */
    String id();

    /** Decodes an uplink payload. */
    Map<String, Object> decode(byte[] payload, CodecContext context) throws CodecException;

    /** Encodes a downlink object. */
    byte[] encode(Map<String, Object> object, CodecContext context) throws CodecException;
}
