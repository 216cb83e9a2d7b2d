package dev.estuary.adapter.lorawan.config;

import java.util.Locale;

/**
 * One network server: ChirpStack v4 or The Things Stack v3, reached over HTTP (it posts to Estuary), MQTT (Estuary
 * subscribes to its broker), or both.
 *
 * @param name   the name used as {@code source} in envelopes and as the owner of its devices (defaults to the type)
 * @param type   {@code chirpstack} or {@code tts}
 * @param tenant TTS tenant id for MQTT topics {@code v3/{app}@{tenant}/...} (none for The Things Stack open source)
 * @param http   the HTTP endpoint it posts to, or null
 * @param mqtt   its MQTT broker, or null
 */
public record NetworkServerConfig(String name, String type, String tenant, HttpEndpointConfig http,
                                  MqttClientConfig mqtt) {
    public NetworkServerConfig {
        type = type == null ? null : type.toLowerCase(Locale.ROOT);
        name = name == null ? type : name;
    }

    /** Network server kinds. */
    public enum Kind {
        CHIRPSTACK, TTS
    }

    public Kind kind() {
        if ("chirpstack".equals(type)) {
            return Kind.CHIRPSTACK;
        }
        if ("tts".equals(type) || "ttn".equals(type) || "thethingsstack".equals(type)) {
            return Kind.TTS;
        }
        throw new IllegalArgumentException("type must be 'chirpstack' or 'tts', was '" + type + "'");
    }

    /**
     * Where the network server posts events.
     *
     * @param path         URL path of the endpoint ({@code /{name}})
     * @param secret       the shared secret (required): {@code Authorization: Bearer {secret}}, basic auth with it as
     *                     password, or the {@code secretHeader} header
     * @param username     the basic-auth user name (any when unset)
     * @param secretHeader a header carrying the secret as its value ({@code X-Estuary-Secret})
     */
    public record HttpEndpointConfig(String path, String secret, String username, String secretHeader) {
        public HttpEndpointConfig {
            secretHeader = secretHeader == null ? "X-Estuary-Secret" : secretHeader;
        }
    }
}
