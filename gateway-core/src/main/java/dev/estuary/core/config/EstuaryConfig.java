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
 * @param management the HTTP management API and the Prometheus endpoint
 * @param sys       the {@code $SYS} topics
 * @param webhooks  events POSTed to HTTP receivers
 * @param autoSubscribe proxy subscriptions made for every MQTT client at connect
 * @param flapping  flapping detection: clients that reconnect too often are banned for a while
 * @param trace     per-client and per-topic trace files
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EstuaryConfig(NodeConfig node, MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls,
                            DevicesConfig devices, ObjectNode adapters, AuthConfig auth,
                            PersistenceConfig persistence, ManagementConfig management, SysConfig sys,
                            WebhooksConfig webhooks, AutoSubscribeConfig autoSubscribe, FlappingConfig flapping,
                            TraceConfig trace) {
    public static final EstuaryConfig DEFAULTS = new EstuaryConfig(null, null, null, null, null, null, null);

    public EstuaryConfig {
        node = Check.or(node, NodeConfig.DEFAULTS);
        mqtt = Check.or(mqtt, MqttConfig.DEFAULTS);
        listeners = Check.or(listeners, ListenersConfig.DEFAULTS);
        tls = Check.or(tls, TlsConfig.DEFAULTS);
        devices = Check.or(devices, DevicesConfig.DEFAULTS);
        adapters = adapters == null ? JsonNodeFactory.instance.objectNode() : adapters;
        auth = Check.or(auth, AuthConfig.DEFAULTS);
        persistence = Check.or(persistence, PersistenceConfig.DEFAULTS);
        management = Check.or(management, ManagementConfig.DEFAULTS);
        sys = Check.or(sys, SysConfig.DEFAULTS);
        webhooks = Check.or(webhooks, WebhooksConfig.DEFAULTS);
        autoSubscribe = Check.or(autoSubscribe, AutoSubscribeConfig.DEFAULTS);
        flapping = Check.or(flapping, FlappingConfig.DEFAULTS);
        trace = Check.or(trace, TraceConfig.DEFAULTS);
    }

    /** The sections up to {@code persistence}; the operations sections keep their defaults. */
    public EstuaryConfig(NodeConfig node, MqttConfig mqtt, ListenersConfig listeners, TlsConfig tls,
                         DevicesConfig devices, ObjectNode adapters, AuthConfig auth, PersistenceConfig persistence) {
        this(node, mqtt, listeners, tls, devices, adapters, auth, persistence, null, null, null, null, null, null);
    }

    /** All sections but {@code persistence} and the operations sections (kept at their defaults). */
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

    public EstuaryConfig withNode(NodeConfig v) {
        return new EstuaryConfig(v, mqtt, listeners, tls, devices, adapters, auth,
                persistence, management, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withMqtt(MqttConfig v) {
        return new EstuaryConfig(node, v, listeners, tls, devices, adapters, auth,
                persistence, management, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withListeners(ListenersConfig v) {
        return new EstuaryConfig(node, mqtt, v, tls, devices, adapters, auth,
                persistence, management, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withTls(TlsConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, v, devices, adapters, auth,
                persistence, management, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withDevices(DevicesConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, v, adapters, auth,
                persistence, management, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withAdapters(ObjectNode v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, v, auth,
                persistence, management, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withAuth(AuthConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, v,
                persistence, management, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withPersistence(PersistenceConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, auth,
                v, management, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withManagement(ManagementConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, auth,
                persistence, v, sys, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withSys(SysConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, auth,
                persistence, management, v, webhooks, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withWebhooks(WebhooksConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, auth,
                persistence, management, sys, v, autoSubscribe, flapping, trace);
    }

    public EstuaryConfig withAutoSubscribe(AutoSubscribeConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, auth,
                persistence, management, sys, webhooks, v, flapping, trace);
    }

    public EstuaryConfig withFlapping(FlappingConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, auth,
                persistence, management, sys, webhooks, autoSubscribe, v, trace);
    }

    public EstuaryConfig withTrace(TraceConfig v) {
        return new EstuaryConfig(node, mqtt, listeners, tls, devices, adapters, auth,
                persistence, management, sys, webhooks, autoSubscribe, flapping, v);
    }
}
