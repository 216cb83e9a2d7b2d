package dev.estuary.adapter.mqtt.transport;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.adapter.mqtt.ListenerStats;
import dev.estuary.adapter.mqtt.MqttServer;
import dev.estuary.core.Broker;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.config.ListenerConfig;
import dev.estuary.core.config.ListenersConfig;
import dev.estuary.core.config.TlsConfig;
import dev.estuary.core.internal.NettyLanes;
import dev.estuary.core.internal.Transports;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.Session;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A broker with all four MQTT listeners on loopback, ephemeral ports, for listener tests: unlike the shared
 * {@code MqttTestServer} it takes the whole listener configuration (PROXY protocol on TLS listeners, connection
 * limits, fixed ports). Close it to stop every thread it started.
 */
final class ListenerTestServer implements AutoCloseable {
    private final EventLoopGroup workers;
    private final Broker broker;
    private final MqttServer server;

    private ListenerTestServer(EstuaryConfig config) {
        Transports transports = Transports.select(config.node().nativeTransport());
        this.workers = transports.newGroup(2, "listener-test-io");
        this.broker = Broker.builder().config(config.mqtt()).lanes(new NettyLanes(workers)).build();
        this.server = new MqttServer(broker, config, transports, workers);
        try {
            server.start();
        } catch (RuntimeException e) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e;
        }
    }

    /** Starts tcp and ws, plus ssl and wss when {@code tls} has a certificate. */
    static ListenerTestServer start(TlsConfig tls) {
        return start(tls, UnaryOperator.identity());
    }

    /** As {@link #start(TlsConfig)}, with {@code listener} applied to each of the four listener settings. */
    static ListenerTestServer start(TlsConfig tls, UnaryOperator<ListenerConfig> listener) {
        return start(config(tls, listener));
    }

    static ListenerTestServer start(EstuaryConfig config) {
        return new ListenerTestServer(config);
    }

    /** A configuration with every listener on 127.0.0.1:0 (TLS ones only when {@code tls} is configured). */
    static EstuaryConfig config(TlsConfig tls, UnaryOperator<ListenerConfig> listener) {
        ListenerConfig plain = listener.apply(ListenerConfig.at("127.0.0.1:0"));
        ListenerConfig secure = listener.apply(ListenerConfig.at("127.0.0.1:0").withEnabled(tls.configured()));
        return EstuaryConfig.DEFAULTS.withTls(tls).withListeners(new ListenersConfig(plain, plain, secure, secure));
    }

    /** Same listener, but at most {@code max} connections. */
    static ListenerConfig maxConnections(ListenerConfig c, int max) {
        return new ListenerConfig(c.enabled(), c.bind(), c.path(), c.proxyProtocol(), max);
    }

    Broker broker() {
        return broker;
    }

    MqttServer server() {
        return server;
    }

    int port(ListenerKind kind) {
        return server.port(kind);
    }

    ListenerStats stats(ListenerKind kind) {
        return server.stats(kind);
    }

    /** The identity of a connected client's session, or null when there is no such session. */
    ClientInfo client(String clientId) {
        Session s = broker.sessions().get(clientId);
        return s == null ? null : s.client();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
