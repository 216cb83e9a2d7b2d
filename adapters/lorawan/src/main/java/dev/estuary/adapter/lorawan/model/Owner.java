package dev.estuary.adapter.lorawan.model;

/**
 * The network server and application that own a device: where its downlinks go. Learned from its uplinks and
 * events, or configured. Fields a source does not know are null.
 *
 * @param networkServer the configured network-server name
 * @param type          {@code chirpstack} or {@code tts}
 * @param applicationId the application id (ChirpStack UUID, TTS application id)
 * @param deviceId      the TTS device id (ChirpStack identifies devices by DevEUI)
 * @param mqttPrefix    TTS MQTT topic prefix {@code v3/{app}[@{tenant}]} as seen on its uplinks
 * @param pushUrl       TTS webhook downlink push URL ({@code X-Downlink-Push})
 * @param apiKey        TTS webhook downlink API key ({@code X-Downlink-Apikey})
 */
public record Owner(String networkServer, String type, String applicationId, String deviceId, String mqttPrefix,
                    String pushUrl, String apiKey) {

    /** This owner with the other's known fields filling in what this one lacks (same network server). */
    public Owner mergedOver(Owner older) {
        if (older == null || !older.networkServer.equals(networkServer)) {
            return this;
        }
        return new Owner(networkServer, type, or(applicationId, older.applicationId), or(deviceId, older.deviceId),
                or(mqttPrefix, older.mqttPrefix), or(pushUrl, older.pushUrl), or(apiKey, older.apiKey));
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }
}
