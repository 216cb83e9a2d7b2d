package dev.estuary.adapter.lorawan.codec;

import dev.estuary.core.spi.CodecContext;
import dev.estuary.core.spi.CodecException;
import dev.estuary.core.spi.PayloadCodec;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.pf4j.Extension;

/**
 * Cayenne Low Power Payload (github.com/myDevicesIoT/CayenneLPP): frames of {@code [channel][type][value]}, values
 * big-endian. The JSON form is the one ChirpStack uses for its Cayenne LPP codec and downlink {@code object}s:
 * one member per type, keyed by channel, e.g. {@code {"temperatureSensor":{"3":27.2,"5":25.5},
 * "accelerometer":{"6":{"x":1.234,"y":-1.234,"z":0.0}}}}. Codec id {@code cayenne-lpp}.
 */
@Extension
public class CayenneLppCodec implements PayloadCodec {
    public static final String ID = "cayenne-lpp";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, Object> decode(byte[] payload, CodecContext context) throws CodecException {
        Map<String, Object> out = new LinkedHashMap<>();
        int i = 0;
        while (i < payload.length) {
            if (i + 2 > payload.length) {
                throw new CodecException("truncated Cayenne LPP header at byte " + i);
            }
            int channel = payload[i] & 0xff;
            int code = payload[i + 1] & 0xff;
            LppType type = LppType.byCode(code);
            if (type == null) {
                throw new CodecException("unknown Cayenne LPP type 0x" + Integer.toHexString(code) + " at byte "
                        + (i + 1));
            }
            int start = i + 2;
            if (start + type.size > payload.length) {
                throw new CodecException(type.json + " on channel " + channel + " needs " + type.size
                        + " bytes, frame has " + (payload.length - start));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> byChannel = (Map<String, Object>) out.computeIfAbsent(type.json,
                    k -> new LinkedHashMap<String, Object>());
            byChannel.put(String.valueOf(channel), type.read(payload, start));
            i = start + type.size;
        }
        return out;
    }

    @Override
    public byte[] encode(Map<String, Object> object, CodecContext context) throws CodecException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> e : object.entrySet()) {
            LppType type = LppType.byJson(e.getKey());
            if (type == null) {
                throw new CodecException("unknown Cayenne LPP member '" + e.getKey() + "'");
            }
            if (!(e.getValue() instanceof Map<?, ?> channels)) {
                throw new CodecException(e.getKey() + " must be an object keyed by channel");
            }
            TreeMap<Integer, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> c : channels.entrySet()) {
                int ch;
                try {
                    ch = Integer.parseInt(String.valueOf(c.getKey()));
                } catch (NumberFormatException nfe) {
                    throw new CodecException(e.getKey() + ": channel '" + c.getKey() + "' is not a number");
                }
                if (ch < 0 || ch > 255) {
                    throw new CodecException(e.getKey() + ": channel " + ch + " is not 0..255");
                }
                sorted.put(ch, c.getValue());
            }
            for (Map.Entry<Integer, Object> c : sorted.entrySet()) {
                out.write(c.getKey());
                out.write(type.code);
                type.write(out, c.getValue(), e.getKey() + "." + c.getKey());
            }
        }
        return out.toByteArray();
    }
}
