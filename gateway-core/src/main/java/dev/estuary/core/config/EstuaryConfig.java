package dev.estuary.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The whole configuration file. Each section is its own record with its defaults; a missing file or section means
 * all defaults. {@code adapters} is kept as a tree: each adapter plugin binds its own subtree.
 *
 * @param node      the process
 * @param mqtt      MQTT semantics and limits
 * @param listeners MQTT listeners
 * @param tls       TLS for the ssl and wss listeners
 * @param devices   devices behind adapters: the topic model
 * @param adapters  per-adapter settings, keyed by adapter id
 * @param auth      authentication and ACLs
 * @param persistence durable retained messages and sessions
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EstuaryConfig(NodeConfig node, MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls,
                            DevicesConfig devices, ObjectNode adapters, AuthConfig auth,
                            PersistenceConfig persistence) {
    public static final EstuaryConfig DEFAULTS = new EstuaryConfig(null, null, null, null, null, null, null, null);

    public EstuaryConfig {
        node = Check.or(node, NodeConfig.DEFAULTS);
        mqtt = Check.or(mqtt, MqttConfig.DEFAULTS);
        listeners = Check.or(listeners, ListenersConfig.DEFAULTS);
        tls = Check.or(tls, TlsConfig.DEFAULTS);
        devices = Check.or(devices, DevicesConfig.DEFAULTS);
        adapters = adapters == null ? JsonNodeFactory.instance.objectNode() : adapters;
        auth = Check.or(auth, AuthConfig.DEFAULTS);
        persistence = Check.or(persistence, PersistenceConfig.DEFAULTS);
    }

    /** All sections but {@code persistence} (kept at its defaults). */
    public EstuaryConfig(NodeConfig node, MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls,
                         DevicesConfig devices, ObjectNode adapters, AuthConfig auth) {
        this(node, mqtt, listeners, tls, devices, adapters, auth, null);
    }

    /** All sections but {@code auth} (kept at its defaults). */
    public EstuaryConfig(NodeConfig node, MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls,
                         DevicesConfig devices, ObjectNode adapters) {
        this(node, mqtt, listeners, tls, devices, adapters, null, null);
    }

    /** All sections but {@code devices} and {@code auth} (kept at their defaults): the shape tests and tools use most. */
    public EstuaryConfig(NodeConfig node, MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls,
                         ObjectNode adapters) {
        this(node, mqtt, listeners, tls, null, adapters, null, null);
    }

    /** The settings subtree of one adapter (an empty object when none is configured). */
    public JsonNode adapter(String id) {
        JsonNode n = adapters.get(id);
        return n == null ? JsonNodeFactory.instance.objectNode() : n;
    }

    public EstuaryConfig withMqtt(MqttConfig m) {
        return new EstuaryConfig(node, m, listeners, tls, devices, adapters, auth, persistence);
    }

    public EstuaryConfig withListeners(ListenersConfig l) {
        return new EstuaryConfig(node, mqtt, l, tls, devices, adapters, auth, persistence);
    }

    public EstuaryConfig withTls(TlsConfig t) {
        return new EstuaryConfig(node, mqtt, listeners, t, devices, adapters, auth, persistence);
    }

    public EstuaryConfig withDevices(DevicesConfig d) {
        return new EstuaryConfig(node, mqtt, listeners, tls, d, adapters, auth, persistence);
    }

    public EstuaryConfig withAdapters(ObjectNode a) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, a, auth, persistence);
    }

    public EstuaryConfig withNode(NodeConfig n) {
        return new EstuaryConfig(n, mqtt, listeners, tls, devices, adapters, auth, persistence);
    }

    public EstuaryConfig withPersistence(PersistenceConfig p) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, auth, p);
    }

    public EstuaryConfig withAuth(AuthConfig a) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, a, persistence);
    }
}
