package dev.estuary.adapter.lorawan.codec;

import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.config.LorawanConfig;
import dev.estuary.core.spi.PayloadCodec;
import dev.estuary.core.spi.PayloadCodecs;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the payload codec of a device: {@code devices.{devEui}.codec}, else {@code applications.{id}.codec},
 * else {@code default_codec}. Codecs come from the gateway's registry (plugins contribute them through the
 * {@link PayloadCodec} extension point); the built-in Cayenne LPP codec is used when the registry lacks it.
 */
public final class CodecSelector {
    private final PayloadCodecs registry;
    private final Map<String, String> byDevice = new HashMap<>();
    private final Map<String, String> byApplication = new HashMap<>();
    private final String fallback;
    private final PayloadCodec builtIn = new CayenneLppCodec();

    public CodecSelector(PayloadCodecs registry, LorawanConfig config) {
        this.registry = registry;
        config.devices().forEach((eui, d) -> {
            if (d.codec() != null) {
                String devEui = Hex.eui(eui);
                if (devEui == null) {
                    throw new IllegalArgumentException("devices: '" + eui + "' is not a DevEUI (16 hex digits)");
                }
                byDevice.put(devEui, d.codec());
            }
        });
        config.applications().forEach((app, a) -> {
            if (a.codec() != null) {
                byApplication.put(app, a.codec());
            }
        });
        this.fallback = config.defaultCodec();
    }

    /** The configured codec id for a device, if any. */
    public Optional<String> codecId(String devEui, String applicationId) {
        String id = byDevice.get(devEui);
        if (id == null && applicationId != null) {
            id = byApplication.get(applicationId);
        }
        return Optional.ofNullable(id != null ? id : fallback);
    }

    /** The codec with that id, if installed. */
    public Optional<PayloadCodec> codec(String id) {
        Optional<PayloadCodec> c = registry.get(id);
        if (c.isEmpty() && CayenneLppCodec.ID.equals(id)) {
            return Optional.of(builtIn);
        }
        return c;
    }
}
