package dev.estuary.adapter.mqtt.testing;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.adapter.mqtt.MqttServer;
import dev.estuary.core.Broker;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.config.ListenerConfig;
import dev.estuary.core.config.ListenersConfig;
import dev.estuary.core.config.MqttConfig;
import dev.estuary.core.config.TlsConfig;
import dev.estuary.core.internal.NettyLanes;
import dev.estuary.core.internal.Transports;
import dev.estuary.core.trace.TraceManager;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A broker with its MQTT listeners on loopback, ephemeral ports, for tests. Close it to stop every thread it
 * started.
 */
public final class MqttTestServer implements AutoCloseable {
    private final EventLoopGroup workers;
    private final Broker broker;
    private final MqttServer server;

    private MqttTestServer(EstuaryConfig config, Clock clock, Consumer<Broker.Builder> customize,
                           TraceManager traces) {
        Transports transports = Transports.select("auto");
        this.workers = transports.newGroup(2, "test-io");
        Broker.Builder b = Broker.builder().config(config.mqtt()).lanes(new NettyLanes(workers)).clock(clock);
        customize.accept(b);
        this.broker = b.build();
        this.server = new MqttServer(broker, config, transports, workers);
        server.packetTrace(traces);
        try {
            server.start();
        } catch (RuntimeException e) {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public static MqttTestServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Broker broker() {
        return broker;
    }

    public MqttServer server() {
        return server;
    }

    public int port() {
        return server.port(ListenerKind.TCP);
    }

    public int port(ListenerKind kind) {
        return server.port(kind);
    }

    /** {@code tcp://127.0.0.1:port} for Paho. */
    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Test server options. */
    public static final class Builder {
        private MqttConfig mqtt = MqttConfig.DEFAULTS;
        private TlsConfig tls = TlsConfig.DEFAULTS;
        private AuthConfig auth = AuthConfig.DEFAULTS;
        private boolean ws = true;
        private boolean proxyProtocol;
        private Clock clock = Clock.systemUTC();
        private Consumer<Broker.Builder> customize = b -> { };
        private UnaryOperator<ListenerConfig> tcpListener = l -> l;
        private TraceManager traces;

        public Builder mqtt(MqttConfig v) {
            this.mqtt = v;
            return this;
        }

        public Builder tls(TlsConfig v) {
            this.tls = v;
            return this;
        }

        /** Auth settings the listeners read ({@code acl_deny_action}); the authenticator and authorizer are set
         *  with {@link #broker}. */
        public Builder auth(AuthConfig v) {
            this.auth = v;
            return this;
        }

        public Builder websocket(boolean v) {
            this.ws = v;
            return this;
        }

        public Builder proxyProtocol(boolean v) {
            this.proxyProtocol = v;
            return this;
        }

        public Builder clock(Clock v) {
            this.clock = v;
            return this;
        }

        public Builder broker(Consumer<Broker.Builder> v) {
            this.customize = v;
            return this;
        }

        /** Adjusts the tcp listener's settings (rate limits, max connections). */
        public Builder tcp(UnaryOperator<ListenerConfig> v) {
            this.tcpListener = v;
            return this;
        }

        /** Reports every packet to {@code v}. */
        public Builder packetTrace(TraceManager v) {
            this.traces = v;
            return this;
        }

        public MqttTestServer start() {
            ListenerConfig tcp = tcpListener.apply(ListenerConfig.at("127.0.0.1:0").withProxyProtocol(proxyProtocol));
            ListenerConfig ws = ListenerConfig.at("127.0.0.1:0").withEnabled(this.ws);
            ListenerConfig ssl = ListenerConfig.at("127.0.0.1:0").withEnabled(tls.configured());
            ListenerConfig wss = ListenerConfig.at("127.0.0.1:0").withEnabled(tls.configured() && this.ws);
            EstuaryConfig config = EstuaryConfig.DEFAULTS.withMqtt(mqtt).withTls(tls).withAuth(auth)
                    .withListeners(new ListenersConfig(tcp, ws, ssl, wss));
            return new MqttTestServer(config, clock, customize, traces);
        }
    }
}
