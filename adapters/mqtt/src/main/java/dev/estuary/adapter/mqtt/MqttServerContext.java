package dev.estuary.adapter.mqtt;

import dev.estuary.core.Broker;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.TlsConfig;
import io.netty.channel.group.ChannelGroup;

/**
 * What every connection of one listener shares: the broker, the settings, the listener's statistics and the group
 * of open channels (closed together at shutdown).
 *
 * @param broker   the broker core
 * @param config   MQTT semantics and limits
 * @param tls      TLS settings (for {@code use_cn_as_username})
 * @param kind     which listener
 * @param stats    the listener's counters
 * @param channels all open channels of all listeners
 * @param maxConnections most connections this listener accepts
 * @param auth     authentication and ACL settings (for {@code acl_deny_action})
 */
public record MqttServerContext(Broker broker, MqttConfig config, TlsConfig tls, ListenerKind kind,
                                ListenerStats stats, ChannelGroup channels, int maxConnections, AuthConfig auth) {
}
