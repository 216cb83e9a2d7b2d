package dev.estuary.server;

import dev.estuary.adapter.mqtt.MqttServer;
import dev.estuary.core.Broker;
import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.internal.NettyLanes;
import dev.estuary.core.internal.Transports;
import dev.estuary.core.store.Database;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole gateway in one process: event loops, broker core and MQTT listeners, wired from one configuration.
 * {@link #start()} either brings everything up or throws with one clear cause; {@link #stop()} shuts down
 * gracefully.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final EstuaryConfig config;
    private final Transports transports;
    private final EventLoopGroup workers;
    private final Broker broker;
    private final MqttServer mqtt;
    private AccessControl access;

    public Gateway(EstuaryConfig config) {
        this.config = config;
        this.transports = Transports.select(config.node().nativeTransport());
        this.workers = transports.newGroup(config.node().effectiveIoThreads(), "estuary-io");
        this.broker = Broker.builder().config(config.mqtt()).lanes(new NettyLanes(workers)).build();
        this.mqtt = new MqttServer(broker, config, transports, workers);
    }

    public void start() {
        try {
            access = AccessControl.open(Database.defaultFile(config.node().dataDir()), config.auth(), broker.clock());
            access.install(broker);
            mqtt.start();
        } catch (RuntimeException e) {
            if (access != null) {
                access.close();
            }
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        LOG.info("Estuary started: node {}, {} transport, {} I/O threads", config.node().name(), transports.name(),
                config.node().effectiveIoThreads());
    }

    public void stop() {
        LOG.info("Estuary stopping");
        mqtt.stop(config.node().shutdownTimeout());
        if (access != null) {
            access.close();
        }
        workers.shutdownGracefully(0, config.node().shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly();
        LOG.info("Estuary stopped");
    }

    @Override
    public void close() {
        stop();
    }

    public Broker broker() {
        return broker;
    }

    public MqttServer mqtt() {
        return mqtt;
    }

    /** Users and ACLs (null before {@link #start()}). */
    public AccessControl access() {
        return access;
    }

    public EstuaryConfig config() {
        return config;
    }
}
