package dev.estuary.management;

import dev.estuary.adapter.mqtt.MqttServer;
import dev.estuary.core.Broker;
import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.ban.BanList;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.limits.FlappingDetector;
import dev.estuary.core.metrics.AclDenials;
import dev.estuary.core.metrics.BrokerStats;
import dev.estuary.core.plugin.PluginRuntime;
import dev.estuary.core.trace.TraceManager;
import dev.estuary.core.webhook.Webhooks;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.auth.ApiKeys;
import java.util.Objects;

/**
 * Everything the management API reads and changes, handed in by the gateway. Parts a gateway may run without
 * (users and ACLs, plugins, webhooks...) may be null; their endpoints then answer 503.
 */
public final class ManagementContext {
    private final Broker broker;
    private final BrokerStats stats;
    private final EstuaryConfig config;
    private final String version;
    private final long startedAtMillis;
    private final MqttServer mqtt;
    private final AccessControl access;
    private final PluginRuntime plugins;
    private final AdapterRuntime adapters;
    private final BanList bans;
    private final TraceManager traces;
    private final Webhooks webhooks;
    private final ApiKeys apiKeys;
    private final AclDenials aclDenials;
    private final FlappingDetector flapping;

    private ManagementContext(Builder b) {
        this.broker = Objects.requireNonNull(b.broker, "broker");
        this.stats = b.stats != null ? b.stats : new BrokerStats(b.broker);
        this.config = b.config != null ? b.config : EstuaryConfig.DEFAULTS;
        this.version = b.version != null ? b.version : "dev";
        this.startedAtMillis = b.startedAtMillis != 0 ? b.startedAtMillis : b.broker.clock().millis();
        this.mqtt = b.mqtt;
        this.access = b.access;
        this.plugins = b.plugins;
        this.adapters = b.adapters;
        this.bans = b.bans;
        this.traces = b.traces;
        this.webhooks = b.webhooks;
        this.apiKeys = Objects.requireNonNull(b.apiKeys, "apiKeys");
        this.aclDenials = b.aclDenials;
        this.flapping = b.flapping;
    }

    public static Builder builder(Broker broker, ApiKeys apiKeys) {
        Builder b = new Builder();
        b.broker = broker;
        b.apiKeys = apiKeys;
        return b;
    }

    private static <T> T need(T part, String what) {
        if (part == null) {
            throw ApiException.unavailable(what + " is not available in this gateway");
        }
        return part;
    }

    public Broker broker() {
        return broker;
    }

    public BrokerStats stats() {
        return stats;
    }

    public EstuaryConfig config() {
        return config;
    }

    public String node() {
        return config.node().name();
    }

    public String version() {
        return version;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** The MQTT listeners, or null. */
    public MqttServer mqtt() {
        return mqtt;
    }

    /** Users and ACLs, or 503. */
    public AccessControl access() {
        return need(access, "the user and ACL database");
    }

    /** The plugin runtime, or 503. */
    public PluginRuntime plugins() {
        return need(plugins, "the plugin runtime");
    }

    /** The adapter runtime, or null. */
    public AdapterRuntime adapters() {
        return adapters;
    }

    public BanList bans() {
        return need(bans, "the ban list");
    }

    public TraceManager traces() {
        return need(traces, "tracing");
    }

    /** Webhooks, or null when none are configured. */
    public Webhooks webhooks() {
        return webhooks;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** ACL denial counters, or null. */
    public AclDenials aclDenials() {
        return aclDenials;
    }

    /** The flapping detector, or null when it is off. */
    public FlappingDetector flapping() {
        return flapping;
    }

    /** Builder; the broker and the API keys are required. */
    public static final class Builder {
        private Broker broker;
        private BrokerStats stats;
        private EstuaryConfig config;
        private String version;
        private long startedAtMillis;
        private MqttServer mqtt;
        private AccessControl access;
        private PluginRuntime plugins;
        private AdapterRuntime adapters;
        private BanList bans;
        private TraceManager traces;
        private Webhooks webhooks;
        private ApiKeys apiKeys;
        private AclDenials aclDenials;
        private FlappingDetector flapping;

        public Builder stats(BrokerStats v) {
            this.stats = v;
            return this;
        }

        public Builder config(EstuaryConfig v) {
            this.config = v;
            return this;
        }

        public Builder version(String v) {
            this.version = v;
            return this;
        }

        public Builder startedAtMillis(long v) {
            this.startedAtMillis = v;
            return this;
        }

        public Builder mqtt(MqttServer v) {
            this.mqtt = v;
            return this;
        }

        public Builder access(AccessControl v) {
            this.access = v;
            return this;
        }

        public Builder plugins(PluginRuntime v) {
            this.plugins = v;
            return this;
        }

        public Builder adapters(AdapterRuntime v) {
            this.adapters = v;
            return this;
        }

        public Builder bans(BanList v) {
            this.bans = v;
            return this;
        }

        public Builder traces(TraceManager v) {
            this.traces = v;
            return this;
        }

        public Builder webhooks(Webhooks v) {
            this.webhooks = v;
            return this;
        }

        public Builder aclDenials(AclDenials v) {
            this.aclDenials = v;
            return this;
        }

        public Builder flapping(FlappingDetector v) {
            this.flapping = v;
            return this;
        }

        public ManagementContext build() {
            return new ManagementContext(this);
        }
    }
}
