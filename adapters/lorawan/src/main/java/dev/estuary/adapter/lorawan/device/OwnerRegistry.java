package dev.estuary.adapter.lorawan.device;

import dev.estuary.adapter.lorawan.Hex;
import dev.estuary.adapter.lorawan.config.LorawanConfig;
import dev.estuary.adapter.lorawan.config.NetworkServerConfig;
import dev.estuary.adapter.lorawan.model.Owner;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which network server and application own each device (where its downlinks go): learned from uplinks and events,
 * with {@code adapters.lorawan.devices.{devEui}.network_server/application_id/device_id} taking precedence.
 */
public final class OwnerRegistry {
    private final ConcurrentHashMap<String, Owner> learned = new ConcurrentHashMap<>();
    private final Map<String, Owner> configured = new ConcurrentHashMap<>();

    public OwnerRegistry(LorawanConfig config) {
        Map<String, String> types = new ConcurrentHashMap<>();
        types.put("gwmp", "gwmp");
        for (NetworkServerConfig ns : config.networkServers()) {
            types.put(ns.name(), ns.kind().name().toLowerCase(Locale.ROOT));
        }
        config.devices().forEach((eui, d) -> {
            if (d.networkServer() != null) {
                String devEui = Hex.eui(eui);
                if (devEui == null) {
                    throw new IllegalArgumentException("devices: '" + eui + "' is not a DevEUI (16 hex digits)");
                }
                String type = types.get(d.networkServer());
                if (type == null) {
                    throw new IllegalArgumentException("devices." + eui + ".network_server: no network server named '"
                            + d.networkServer() + "'");
                }
                configured.put(devEui, new Owner(d.networkServer(), type, d.applicationId(), d.deviceId(), null,
                        null, null));
            }
        });
    }

    /** Records what an uplink or event says about its device's owner. */
    public void learn(String devEui, Owner owner) {
        if (owner != null && owner.networkServer() != null) {
            learned.merge(devEui, owner, Owner::mergedOver);
        }
    }

    /**
     * The owner: configured fields first, then learned ones from the same network server. The learned routes (TTS
     * MQTT topic prefix, webhook push URL and API key) name the application and device they were learned for, so
     * they are kept only when the configuration does not name another application or device id.
     */
    public Optional<Owner> get(String devEui) {
        Owner c = configured.get(devEui);
        Owner l = learned.get(devEui);
        if (c == null) {
            return Optional.ofNullable(l);
        }
        if (l != null && (differs(c.applicationId(), l.applicationId()) || differs(c.deviceId(), l.deviceId()))) {
            l = new Owner(l.networkServer(), l.type(), l.applicationId(), l.deviceId(), null, null, null);
        }
        return Optional.of(c.mergedOver(l));
    }

    private static boolean differs(String configuredValue, String learnedValue) {
        return configuredValue != null && !configuredValue.equals(learnedValue);
    }
}
