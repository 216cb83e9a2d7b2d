package dev.estuary.adapter.mqtt.acl;

import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.acl.AccessControl;
import dev.estuary.core.acl.AclConf;
import dev.estuary.core.auth.PasswordHasher;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test broker on loopback with the real SQLite-backed users and ACLs ({@link AccessControl} on a temporary
 * database), and a record of every message the ACL dropped, so tests can wait for a denial instead of sleeping.
 */
final class AclTestBroker implements AutoCloseable {
    /** Iterations low enough for fast tests. */
    static final AuthConfig FAST = AuthConfig.DEFAULTS.withPasswordHashIterations(1000);

    final AccessControl access;
    final MqttTestServer server;
    /** "clientId|topic" of every message dropped as not authorized (publisher null for denied publishes). */
    final BlockingQueue<String> denied = new LinkedBlockingQueue<>();
    private final PasswordHasher hasher;

    private AclTestBroker(Path dir, AuthConfig config, String aclConf) {
        this.access = AccessControl.open(dir.resolve("estuary.db"), config, Clock.systemUTC());
        this.hasher = new PasswordHasher(config.passwordHashIterations());
        if (aclConf != null) {
            access.acl().replaceAll(AclConf.parse(aclConf));
            access.refresh();
        }
        MqttTestServer s;
        try {
            s = MqttTestServer.builder().auth(config)
                    .broker(b -> b.authenticator(access.authenticator()).authorizer(access.authorizer()))
                    .start();
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
        this.server = s;
        server.broker().hooks().register(new BrokerEvents() {
            @Override
            public void messageDropped(String clientId, Message message, DropReason reason) {
                if (reason == DropReason.NOT_AUTHORIZED) {
                    denied.add(clientId + "|" + message.topic());
                }
            }
        });
    }

    /** A broker whose rules are exactly {@code aclConf}. */
    static AclTestBroker start(Path dir, AuthConfig config, String aclConf) {
        return new AclTestBroker(dir, config, aclConf);
    }

    /** A broker with the rules a new database starts with (the default device rules). */
    static AclTestBroker startWithDefaultRules(Path dir, AuthConfig config) {
        return new AclTestBroker(dir, config, null);
    }

    AclTestBroker user(String name, String password, boolean superuser) {
        access.users().add(name, hasher.hash(password.getBytes(StandardCharsets.UTF_8)), superuser);
        access.refresh();
        return this;
    }

    String uri() {
        return server.uri();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        access.close();
    }
}
