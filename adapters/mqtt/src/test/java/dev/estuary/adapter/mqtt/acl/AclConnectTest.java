package dev.estuary.adapter.mqtt.acl;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import dev.estuary.core.acl.AclConf;
import dev.estuary.core.acl.AclRule;
import dev.estuary.core.acl.AclAction;
import dev.estuary.core.acl.AclTopic;
import dev.estuary.core.acl.Permission;
import dev.estuary.core.acl.Who;
import dev.estuary.core.config.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONNECT against the user database: anonymous on and off, wrong passwords (MQTT 5 reason codes 0x86/0x87, MQTT
 * 3.1.1 return codes 4/5), and hostile usernames and topics handled as data.
 */
@Timeout(60)
class AclConnectTest {
    @TempDir
    Path dir;
    private AclTestBroker broker;

    private void start(AuthConfig config, String rules) {
        broker = AclTestBroker.start(dir, config, rules).user("alice", "a-pw", false);
    }

    @AfterEach
    void tearDown() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The MQTT 5 CONNACK reason code (HiveMQ client). */
    private int connectV5(String user, String password) {
        var c = Mqtt5Client.builder().identifier("v5-" + System.nanoTime()).serverHost("127.0.0.1")
                .serverPort(broker.port()).buildAsync();
        var connect = c.connectWith();
        if (user != null) {
            connect.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        try {
            int code = connect.send().orTimeout(10, TimeUnit.SECONDS).join().getReasonCode().getCode();
            c.disconnect().orTimeout(10, TimeUnit.SECONDS).join();
            return code;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(Mqtt5ConnAckException.class);
            return ((Mqtt5ConnAckException) e.getCause()).getMqttMessage().getReasonCode().getCode();
        }
    }

    /** The MQTT 3.1.1 CONNACK return code (Paho). */
    private int connectV3(String user, String password) throws Exception {
        MqttClient c = new MqttClient(broker.uri(), "v3-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        try {
            c.connect(o);
            c.disconnect();
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        } finally {
            c.close();
        }
    }

    @Test
    void anonymous_off_refuses_clients_without_credentials() throws Exception {
        start(AclTestBroker.FAST.withAllowAnonymous(false), "");
        assertThat(connectV5(null, null)).isEqualTo(0x87);
        assertThat(connectV3(null, null)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED); // 5
        assertThat(connectV5("alice", "a-pw")).isZero();
        assertThat(connectV3("alice", "a-pw")).isZero();
    }

    @Test
    void anonymous_on_lets_clients_without_credentials_in() throws Exception {
        start(AclTestBroker.FAST, "");
        assertThat(connectV5(null, null)).isZero();
        assertThat(connectV3(null, null)).isZero();
    }

    @Test
    void wrong_password_is_refused_whatever_the_anonymous_setting() throws Exception {
        start(AclTestBroker.FAST, "");
        assertThat(connectV5("alice", "nope")).isEqualTo(0x86);
        assertThat(connectV3("alice", "nope")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION); // 4
    }

    @Test
    void unknown_user_is_refused_when_anonymous_is_off() throws Exception {
        start(AclTestBroker.FAST.withAllowAnonymous(false), "");
        assertThat(connectV5("mallory", "pw")).isEqualTo(0x86);
        assertThat(connectV3("mallory", "pw")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    }

    @Test
    void unknown_user_let_in_as_anonymous_does_not_get_that_users_rules() {
        start(AclTestBroker.FAST.withAclNomatch("deny"),
                "{allow, {user, \"ghost\"}, all, [\"ghost/#\"]}.\n{allow, all, subscribe, [\"public/#\"]}.");
        try (Clients.V5 c = new Clients.V5(broker.port(), "pretender", "ghost", "whatever")) {
            assertThat(c.subscribe("ghost/#", "public/#")).containsExactly(0x87, 1);
        }
    }

    @Test
    void hostile_usernames_are_matched_exactly_as_data() {
        List<String> names = List.of("o'brien\"; DROP TABLE users; --", "100%", "%u", "' OR '1'='1",
                "x".repeat(65535));
        start(AclTestBroker.FAST.withAllowAnonymous(false).withAclNomatch("deny"),
                "{allow, all, all, [\"home/%u/#\"]}.");
        for (String n : names) {
            broker.user(n, "pw-" + n.length(), false);
        }
        for (String n : names) {
            assertThat(connectV5(n, "pw-" + n.length())).as(n.substring(0, Math.min(20, n.length()))).isZero();
            assertThat(connectV5(n, "pw-0")).isEqualTo(0x86);
        }
        assertThat(connectV5("' OR '1'='1", "anything' OR '1'='1")).isEqualTo(0x86);
        assertThat(connectV5("%", "pw-3")).isEqualTo(0x86);
        String sql = names.get(0);
        try (Clients.V5 c = new Clients.V5(broker.port(), "h1", sql, "pw-" + sql.length())) {
            assertThat(c.subscribe("home/" + sql + "/#", "home/alice/#")).containsExactly(1, 0x87);
            assertThat(c.publish("home/" + sql + "/x", "ok")).isZero();
            assertThat(c.publish("home/o'brien/x", "no")).isEqualTo(0x87);
        }
    }

    @Test
    void hostile_topics_are_matched_exactly_as_data() {
        String quoted = "a/\"b\"/'c'/%u/%%/'; DELETE FROM acl_rules; --";
        String huge = "t/" + "y".repeat(65000);
        broker = AclTestBroker.start(dir, AclTestBroker.FAST.withAclNomatch("deny"), "");
        broker.access.acl().replaceAll(List.of(
                AclRule.of(Permission.ALLOW, Who.all(), AclAction.ALL, List.of(AclTopic.eq(quoted))),
                AclRule.of(Permission.ALLOW, Who.all(), AclAction.ALL, List.of(AclTopic.filter(huge)))));
        broker.access.refresh();
        try (Clients.V5 c = new Clients.V5(broker.port(), "h2", null, null)) {
            assertThat(c.subscribe(quoted, huge, "a/#")).containsExactly(1, 1, 0x87);
            assertThat(c.publish(quoted, "q")).isZero();
            assertThat(c.publish(huge, "h")).isZero();
            assertThat(c.publish(huge + "z", "no")).isEqualTo(0x87);
            assertThat(c.publish("a/\"b\"/'c'/x/%%/'; DELETE FROM acl_rules; --", "no")).isEqualTo(0x87);
        }
        assertThat(broker.access.acl().list()).hasSize(2);
        assertThat(AclConf.format(broker.access.acl().list())).contains("%u/%%");
    }

    @Test
    void a_username_with_u0000_is_never_taken_for_another_user() throws Exception {
        start(AclTestBroker.FAST.withAllowAnonymous(false), "");
        broker.user("bob\0admin", "pw-nul", false);
        broker.user("bob", "pw-bob", false);
        // HiveMQ and Paho refuse to send U+0000 (MQTT 5.0 §1.5.4), so this client writes the CONNECT itself
        assertThat(rawConnectV311("bob", "pw-nul")).isEqualTo(4);
        assertThat(rawConnectV311("bob\0admin", "pw-bob")).isIn(4, -1);
        assertThat(rawConnectV311("bob\0admin", "pw-nul")).isIn(0, -1); // that user, or refused as malformed
        assertThat(rawConnectV311("bob", "pw-bob")).isZero();
    }

    /** Sends an MQTT 3.1.1 CONNECT with clean session and returns the CONNACK return code, or -1 if closed. */
    private int rawConnectV311(String user, String password) throws Exception {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        writeString(body, "MQTT");                 // protocol name
        body.write(4);                             // protocol level 3.1.1
        body.write(0xC2);                          // flags: user name, password, clean session
        body.write(0);                             // keep alive MSB
        body.write(30);                            // keep alive LSB
        writeString(body, "raw-" + System.nanoTime()); // client id
        writeString(body, user);                   // user name (modified only by us: raw UTF-8, U+0000 kept)
        writeString(body, password);               // password
        byte[] b = body.toByteArray();
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", broker.port())) {
            s.setSoTimeout(10_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write(0x10);                       // CONNECT
            out.write(b.length);                   // remaining length (< 128 here)
            out.write(b);
            out.flush();
            java.io.InputStream in = s.getInputStream();
            byte[] connack = in.readNBytes(4);
            if (connack.length < 4) {
                return -1;
            }
            assertThat(connack[0] & 0xFF).isEqualTo(0x20);
            return connack[3] & 0xFF;
        }
    }

    private static void writeString(java.io.ByteArrayOutputStream out, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        out.write(u.length >> 8);
        out.write(u.length & 0xFF);
        out.writeBytes(u);
    }
}
