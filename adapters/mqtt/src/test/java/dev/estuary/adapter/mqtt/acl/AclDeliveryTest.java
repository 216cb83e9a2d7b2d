package dev.estuary.adapter.mqtt.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restricted user may subscribe to wildcards but must never receive what a rule denies it: through {@code #},
 * {@code +/#}, shared and queue subscriptions, and retained messages. Over real sockets with the HiveMQ client.
 */
@Timeout(60)
class AclDeliveryTest {
    static final String RULES = String.join("\n",
            "{deny, {user, \"restricted\"}, subscribe, [\"secret/#\", \"$SYS/#\"]}.",
            "{allow, all, subscribe, [\"#\", \"$SYS/#\"]}.",
            "{allow, all, publish, [\"#\"]}.");

    @TempDir
    Path dir;
    private AclTestBroker broker;
    private Clients.V5 admin;
    private Clients.V5 watcher;

    @BeforeEach
    void setUp() {
        broker = AclTestBroker.start(dir, AclTestBroker.FAST.withAllowAnonymous(false).withAclNomatch("deny"), RULES)
                .user("restricted", "r-pw", false).user("admin", "a-pw", true);
        admin = new Clients.V5(broker.port(), "admin", "admin", "a-pw");
        watcher = new Clients.V5(broker.port(), "watcher", "admin", "a-pw");
        assertThat(watcher.subscribe("#")).containsExactly(1);
    }

    @AfterEach
    void tearDown() {
        watcher.close();
        admin.close();
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+/#", "+/x/#", "$share/g/#", "$queue/#"})
    void restricted_wildcard_subscriber_never_receives_a_denied_topic(String filter) throws Exception {
        try (Clients.V5 restricted = new Clients.V5(broker.port(), "r1", "restricted", "r-pw")) {
            assertThat(restricted.subscribe(filter)).containsExactly(1);
            assertThat(admin.publish("secret/x/y", "s1")).isZero();
            assertThat(broker.denied.poll(10, TimeUnit.SECONDS)).isEqualTo("r1|secret/x/y");
            assertThat(admin.publish("public/x/y", "p1")).isZero();
            assertThat(restricted.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("public/x/y=p1");
            // the secret message was routed (the watcher got it) but dropped for the restricted subscriber
            assertThat(watcher.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("secret/x/y=s1");
            assertThat(restricted.inbox).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret/#", "secret/x/y", "$SYS/#", "$share/g/secret/#", "$queue/secret/+/y"})
    void subscribing_to_a_denied_filter_is_refused_with_0x87(String filter) {
        try (Clients.V5 restricted = new Clients.V5(broker.port(), "r2", "restricted", "r-pw")) {
            assertThat(restricted.subscribe(filter, "public/#")).containsExactly(0x87, 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+/+/+", "$queue/#"})
    void retained_messages_on_denied_topics_are_not_sent_on_subscribe(String filter) throws Exception {
        assertThat(admin.publish("secret/r/1", "sr", true)).isZero();
        assertThat(admin.publish("public/r/1", "pr", true)).isZero();
        assertThat(watcher.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("secret/r/1=sr");
        assertThat(watcher.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("public/r/1=pr");
        try (Clients.V5 restricted = new Clients.V5(broker.port(), "r3", "restricted", "r-pw")) {
            assertThat(restricted.subscribe(filter)).containsExactly(1);
            if (!filter.startsWith("$queue")) { // shared subscriptions get no retained messages (MQTT 5.0 §4.8.2)
                assertThat(restricted.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("public/r/1=pr");
                assertThat(broker.denied.poll(10, TimeUnit.SECONDS)).isEqualTo("r3|secret/r/1");
            }
            assertThat(admin.publish("public/r/2", "marker")).isZero();
            assertThat(restricted.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("public/r/2=marker");
            assertThat(restricted.inbox).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void superuser_bypasses_every_rule(boolean viaRetained) throws Exception {
        broker.access.acl().replaceAll(dev.estuary.core.acl.AclConf.parse("{deny, all}."));
        broker.access.refresh();
        try (Clients.V5 root = new Clients.V5(broker.port(), "root", "admin", "a-pw")) {
            if (viaRetained) {
                assertThat(admin.publish("secret/ret", "x", true)).isZero();
                assertThat(root.subscribe("secret/#", "$SYS/#")).containsExactly(1, 1);
                assertThat(root.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("secret/ret=x");
            } else {
                assertThat(root.subscribe("secret/#", "$SYS/#")).containsExactly(1, 1);
                assertThat(root.publish("secret/live", "y")).isZero();
                assertThat(root.inbox.poll(10, TimeUnit.SECONDS)).isEqualTo("secret/live=y");
            }
        }
        try (Clients.V5 restricted = new Clients.V5(broker.port(), "r4", "restricted", "r-pw")) {
            assertThat(restricted.subscribe("secret/#")).containsExactly(0x87);
            assertThat(restricted.publish("secret/x", "no")).isEqualTo(0x87);
        }
    }
}
