package dev.estuary.core.session;

import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.hooks.Hooks;
import dev.estuary.core.metrics.BrokerMetrics;
import dev.estuary.core.retain.RetainedStore;
import dev.estuary.core.routing.Router;
import dev.estuary.core.routing.TopicLimits;
import java.time.Clock;

/**
 * The collaborators every session needs, handed in once instead of through globals.
 *
 * @param config   MQTT semantics and limits
 * @param router   where published messages go
 * @param retained the retained-message store
 * @param hooks    event listeners
 * @param metrics  counters
 * @param clock    the broker clock (injected so expiry can be tested without waiting)
 * @param limits   topic limits derived from the config
 * @param store    where durable sessions report their changes ({@link SessionStore#NONE} without persistence)
 */
public record SessionContext(MqttConfig config, Router router, RetainedStore retained, Hooks hooks,
                             BrokerMetrics metrics, Clock clock, TopicLimits limits, SessionStore store) {
    public SessionContext(MqttConfig config, Router router, RetainedStore retained, Hooks hooks,
                          BrokerMetrics metrics, Clock clock) {
        this(config, router, retained, hooks, metrics, clock, config.topicLimits(), SessionStore.NONE);
    }

    public SessionContext(MqttConfig config, Router router, RetainedStore retained, Hooks hooks,
                          BrokerMetrics metrics, Clock clock, SessionStore store) {
        this(config, router, retained, hooks, metrics, clock, config.topicLimits(), store);
    }
}
