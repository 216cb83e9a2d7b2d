package dev.estuary.adapter.lorawan.config;

import java.time.Duration;
import java.util.List;

/**
 * Estuary as an MQTT 5 client of a network server's broker.
 *
 * @param server      broker URI, {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId    client id ({@code estuary-lorawan-{name}})
 * @param username    user name (none)
 * @param password    password (none)
 * @param sharedGroup when set, subscriptions are {@code $share/{group}/...} so several Estuary nodes share the load
 * @param topics      subscription filters (ChirpStack: {@code application/+/device/+/event/+}; TTS: {@code v3/+/devices/+/#})
 * @param qos         subscription and downlink QoS (1)
 * @param encoding    ChirpStack marshaler: {@code json} (default) or {@code protobuf}
 * @param cleanStart  start a clean session on each connect (true)
 * @param keepAlive   keep-alive interval (30s)
 * @param tls         TLS settings for {@code ssl://} servers, or null for the JVM defaults
 */
public record MqttClientConfig(String server, String clientId, String username, String password, String sharedGroup,
                               List<String> topics, Integer qos, String encoding, Boolean cleanStart,
                               Duration keepAlive, TlsClientConfig tls) {
    public MqttClientConfig {
        topics = topics == null ? List.of() : List.copyOf(topics);
        qos = qos == null ? 1 : qos;
        encoding = encoding == null ? "json" : encoding;
        cleanStart = cleanStart == null || cleanStart;
        keepAlive = keepAlive == null ? Duration.ofSeconds(30) : keepAlive;
    }

    /**
     * TLS for the broker connection.
     *
     * @param caFile           PEM file of the CA certificates to trust (JVM defaults when unset)
     * @param keyStore         PKCS#12 file with a client certificate and key (none)
     * @param keyStorePassword its password
     * @param verifyHostname   check the broker's host name against its certificate (true)
     */
    public record TlsClientConfig(String caFile, String keyStore, String keyStorePassword, Boolean verifyHostname) {
        public TlsClientConfig {
            verifyHostname = verifyHostname == null || verifyHostname;
        }
    }
}
