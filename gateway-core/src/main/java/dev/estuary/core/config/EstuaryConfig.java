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
 * @param adapters  per-adapter settings, keyed by adapter id
 * @param auth      authentication and ACLs
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EstuaryConfig(NodeConfig node, MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls,
                            ObjectNode adapters, AuthConfig auth) {
    public static final EstuaryConfig DEFAULTS = new EstuaryConfig(null, null, null, null, null, null);

    public EstuaryConfig {
        node = Check.or(node, NodeConfig.DEFAULTS);
        mqtt = Check.or(mqtt, MqttConfig.DEFAULTS);
        listeners = Check.or(listeners, ListenersConfig.DEFAULTS);
        tls = Check.or(tls, TlsConfig.DEFAULTS);
        adapters = adapters == null ? JsonNodeFactory.instance.objectNode() : adapters;
        auth = Check.or(auth, AuthConfig.DEFAULTS);
    }

    /** The configuration without an {@code auth:} section (its defaults apply). */
    public EstuaryConfig(NodeConfig node, MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls,
                         ObjectNode adapters) {
        this(node, mqtt, listeners, tls, adapters, null);
    }

    /** The settings subtree of one adapter (an empty object when none is configured). */
    public JsonNode adapter(String id) {
        JsonNode n = adapters.get(id);
        return n == null ? JsonNodeFactory.instance.objectNode() : n;
    }

    public EstuaryConfig withMqtt(MqttConfig m) {
        return new EstuaryConfig(node, m, listeners, tls, adapters, auth);
    }

    public EstuaryConfig withListeners(ListenersConfig l) {
        return new EstuaryConfig(node, mqtt, l, tls, adapters, auth);
    }

    public EstuaryConfig withTls(TlsConfig t) {
        return new EstuaryConfig(node, mqtt, listeners, t, adapters, auth);
    }

    public EstuaryConfig withNode(NodeConfig n) {
        return new EstuaryConfig(n, mqtt, listeners, tls, adapters, auth);
    }

    public EstuaryConfig withAuth(AuthConfig a) {
        return new EstuaryConfig(node, mqtt, listeners, tls, adapters, a);
    }
}
