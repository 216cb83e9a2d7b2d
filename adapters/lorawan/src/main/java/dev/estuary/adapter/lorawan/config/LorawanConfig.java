package dev.estuary.adapter.lorawan.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The adapter's settings ({@code adapters.lorawan} in {@code estuary.yaml}), bound from snake_case keys. Every key
 * and its default is documented in {@code docs/adapters/lorawan.md}.
 *
 * @param dedupWindow            the same devEui+fCnt seen again within this window is published once (30s)
 * @param dedupMaxEntries        bound on remembered frames (100000); the oldest are forgotten first
 * @param uplinkQos              QoS of uplinks and events published into the broker (1)
 * @param lastSeenInterval       how often at most {@code lastSeen} in a device's retained status is refreshed (60s)
 * @param downlinkOutcomeTimeout how long the outcome (sent/acknowledged/failed) of a downlink is awaited (15m)
 * @param deviceUsername         username device sessions log in with (none)
 * @param devicePassword         password device sessions log in with (none)
 * @param defaultCodec           payload codec for devices with no per-device or per-application codec (none)
 * @param http                   the HTTP listener for ChirpStack's HTTP integration and TTS webhooks
 * @param networkServers         the network servers Estuary talks to
 * @param gwmp                   the Semtech UDP packet-forwarder listener
 * @param devices                per-device settings keyed by DevEUI (codec, owner override)
 * @param applications           per-application settings keyed by application id (codec)
 */
public record LorawanConfig(Duration dedupWindow, Integer dedupMaxEntries, Integer uplinkQos, Duration lastSeenInterval,
                            Duration downlinkOutcomeTimeout, String deviceUsername, String devicePassword,
                            String defaultCodec, HttpListenerConfig http, List<NetworkServerConfig> networkServers,
                            GwmpConfig gwmp, Map<String, DeviceConfig> devices,
                            Map<String, ApplicationConfig> applications) {
    public LorawanConfig {
        dedupWindow = dedupWindow == null ? Duration.ofSeconds(30) : dedupWindow;
        dedupMaxEntries = dedupMaxEntries == null ? 100_000 : dedupMaxEntries;
        uplinkQos = uplinkQos == null ? 1 : uplinkQos;
        lastSeenInterval = lastSeenInterval == null ? Duration.ofSeconds(60) : lastSeenInterval;
        downlinkOutcomeTimeout = downlinkOutcomeTimeout == null ? Duration.ofMinutes(15) : downlinkOutcomeTimeout;
        http = http == null ? new HttpListenerConfig(null, null, null) : http;
        networkServers = networkServers == null ? List.of() : List.copyOf(networkServers);
        gwmp = gwmp == null ? new GwmpConfig(null, null, null, null, null, null, null, null, null, null) : gwmp;
        devices = devices == null ? Map.of() : Map.copyOf(devices);
        applications = applications == null ? Map.of() : Map.copyOf(applications);
    }

    /** Per-device settings. */
    public record DeviceConfig(String codec, String networkServer, String applicationId, String deviceId) {
    }

    /** Per-application settings. */
    public record ApplicationConfig(String codec) {
    }
}
