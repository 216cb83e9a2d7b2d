package dev.estuary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.core.routing.ShareStrategy;
import dev.estuary.core.routing.TopicLimits;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The config records: every key has its default, and every invalid value fails naming its key. */
@Timeout(10)
class ConfigRecordsTest {

    /** Builds a config record with every component null (default) except {@code component}. */
    static <T extends Record> T with(Class<T> type, String component, Object value) {
        RecordComponent[] comps = type.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        boolean found = false;
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            if (comps[i].getName().equals(component)) {
                args[i] = value;
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no component " + component);
        }
        try {
            Constructor<T> c = type.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mqtt_defaults() {
        MqttConfig c = MqttConfig.DEFAULTS;
        assertThat(c.maxPacketSize()).isEqualTo(ByteSize.of(1024 * 1024));
        assertThat(c.maxClientidLen()).isEqualTo(65535);
        assertThat(c.maxTopicLevels()).isEqualTo(128);
        assertThat(c.maxTopicLength()).isEqualTo(65535);
        assertThat(c.maxQosAllowed()).isEqualTo(2);
        assertThat(c.maxTopicAlias()).isEqualTo(65535);
        assertThat(c.retainAvailable()).isTrue();
        assertThat(c.wildcardSubscription()).isTrue();
        assertThat(c.sharedSubscription()).isTrue();
        assertThat(c.sharedSubscriptionStrategy()).isEqualTo("round_robin");
        assertThat(c.shareStrategy()).isEqualTo(ShareStrategy.ROUND_ROBIN);
        assertThat(c.maxSubscriptions()).isZero();
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.keepaliveMultiplier()).isEqualTo(1.5);
        assertThat(c.serverKeepalive()).isZero();
        assertThat(c.maxInflight()).isEqualTo(32);
        assertThat(c.maxAwaitingRel()).isEqualTo(100);
        assertThat(c.sessionExpiryInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.isNever(c.maxSessionExpiryInterval())).isTrue();
        assertThat(c.responseInformation()).isEmpty();
        assertThat(c.mqueue()).isEqualTo(MqueueConfig.DEFAULTS);
        assertThat(c.mqueue().maxLen()).isEqualTo(1000);
        assertThat(c.mqueue().storeQos0()).isFalse();
        assertThat(c.topicLimits()).isEqualTo(new TopicLimits(65535, 128));
    }

    @Test
    void node_listener_and_tls_defaults() {
        NodeConfig n = NodeConfig.DEFAULTS;
        assertThat(n.name()).isEqualTo("estuary@127.0.0.1");
        assertThat(n.dataDir()).isEqualTo("data");
        assertThat(n.ioThreads()).isZero();
        assertThat(n.effectiveIoThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(n.nativeTransport()).isEqualTo("auto");
        assertThat(n.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));

        ListenersConfig l = ListenersConfig.DEFAULTS;
        assertThat(l.tcp().bind()).isEqualTo("0.0.0.0:1883");
        assertThat(l.ws().bind()).isEqualTo("0.0.0.0:8083");
        assertThat(l.ssl().bind()).isEqualTo("0.0.0.0:8883");
        assertThat(l.wss().bind()).isEqualTo("0.0.0.0:8084");
        assertThat(l.ws().path()).isEqualTo("/mqtt");
        assertThat(l.tcp().enabled()).isTrue();
        assertThat(l.tcp().proxyProtocol()).isFalse();
        assertThat(l.tcp().maxConnections()).isEqualTo(1_000_000);
        assertThat(l.tcp().address().getPort()).isEqualTo(1883);
        ListenersConfig partial = new ListenersConfig(new ListenerConfig(false, null, null, null, null), null, null,
                null);
        assertThat(partial.tcp().bind()).as("a section without bind keeps the default port").isEqualTo("0.0.0.0:1883");
        assertThat(partial.tcp().enabled()).isFalse();

        TlsConfig t = TlsConfig.DEFAULTS;
        assertThat(t.configured()).isFalse();
        assertThat(t.verify()).isEqualTo("verify_none");
        assertThat(t.verifyPeer()).isFalse();
        assertThat(t.failIfNoPeerCert()).isFalse();
        assertThat(t.versions()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(t.ciphers()).isEmpty();
        assertThat(t.handshakeTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(t.sessionCacheSize()).isEqualTo(20000);
        assertThat(t.sessionTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(t.useCnAsUsername()).isFalse();
    }

    @Test
    void whole_file_defaults_and_adapter_sections() {
        EstuaryConfig c = EstuaryConfig.DEFAULTS;
        assertThat(c.node()).isEqualTo(NodeConfig.DEFAULTS);
        assertThat(c.mqtt()).isEqualTo(MqttConfig.DEFAULTS);
        assertThat(c.listeners()).isEqualTo(ListenersConfig.DEFAULTS);
        assertThat(c.tls()).isEqualTo(TlsConfig.DEFAULTS);
        assertThat(c.adapter("coap").isEmpty()).isTrue();
        ObjectNode adapters = JsonNodeFactory.instance.objectNode();
        adapters.putObject("coap").put("port", 5683);
        EstuaryConfig withAdapters = new EstuaryConfig(null, null, null, null, null, adapters);
        assertThat(withAdapters.adapter("coap").get("port").asInt()).isEqualTo(5683);
        MqttConfig m = with(MqttConfig.class, "maxInflight", 5);
        assertThat(c.withMqtt(m).mqtt().maxInflight()).isEqualTo(5);
    }

    static Stream<Arguments> invalid_values() {
        return Stream.of(
                Arguments.of(MqttConfig.class, "maxPacketSize", ByteSize.of(63), "max_packet_size"),
                Arguments.of(MqttConfig.class, "maxPacketSize", ByteSize.of(268_435_456), "max_packet_size"),
                Arguments.of(MqttConfig.class, "maxClientidLen", 22, "max_clientid_len"),
                Arguments.of(MqttConfig.class, "maxClientidLen", 65536, "max_clientid_len"),
                Arguments.of(MqttConfig.class, "maxTopicLevels", 0, "max_topic_levels"),
                Arguments.of(MqttConfig.class, "maxTopicLength", 0, "max_topic_length"),
                Arguments.of(MqttConfig.class, "maxQosAllowed", 3, "max_qos_allowed"),
                Arguments.of(MqttConfig.class, "maxQosAllowed", -1, "max_qos_allowed"),
                Arguments.of(MqttConfig.class, "maxTopicAlias", 65536, "max_topic_alias"),
                Arguments.of(MqttConfig.class, "sharedSubscriptionStrategy", "fastest", "shared_subscription_strategy"),
                Arguments.of(MqttConfig.class, "maxSubscriptions", -1, "max_subscriptions"),
                Arguments.of(MqttConfig.class, "idleTimeout", Duration.ofMillis(99), "idle_timeout"),
                Arguments.of(MqttConfig.class, "idleTimeout", Duration.ofHours(2), "idle_timeout"),
                Arguments.of(MqttConfig.class, "keepaliveMultiplier", 0.5, "keepalive_multiplier"),
                Arguments.of(MqttConfig.class, "keepaliveMultiplier", Double.NaN, "keepalive_multiplier"),
                Arguments.of(MqttConfig.class, "serverKeepalive", 65536, "server_keepalive"),
                Arguments.of(MqttConfig.class, "maxInflight", 0, "max_inflight"),
                Arguments.of(MqttConfig.class, "maxInflight", 65536, "max_inflight"),
                Arguments.of(MqttConfig.class, "maxAwaitingRel", 0, "max_awaiting_rel"),
                Arguments.of(MqttConfig.class, "sessionExpiryInterval", Duration.ofSeconds(-1),
                        "session_expiry_interval"),
                Arguments.of(MqttConfig.class, "maxSessionExpiryInterval", Duration.ofSeconds(-1),
                        "max_session_expiry_interval"),
                Arguments.of(MqueueConfig.class, "maxLen", -1, "max_len"),
                Arguments.of(NodeConfig.class, "name", "a/b", "name"),
                Arguments.of(NodeConfig.class, "name", " ", "name"),
                Arguments.of(NodeConfig.class, "ioThreads", 1025, "io_threads"),
                Arguments.of(NodeConfig.class, "nativeTransport", "maybe", "native_transport"),
                Arguments.of(NodeConfig.class, "shutdownTimeout", Duration.ofMinutes(11), "shutdown_timeout"),
                Arguments.of(ListenerConfig.class, "path", "mqtt", "path"),
                Arguments.of(ListenerConfig.class, "maxConnections", 0, "max_connections"),
                Arguments.of(ListenerConfig.class, "bind", "127.0.0.1:70000", "bind"),
                Arguments.of(ListenerConfig.class, "bind", "localhost:http", "bind"),
                Arguments.of(TlsConfig.class, "verify", "verify_maybe", "verify"),
                Arguments.of(TlsConfig.class, "versions", List.of("SSLv3"), "versions"),
                Arguments.of(TlsConfig.class, "handshakeTimeout", Duration.ofMillis(50), "handshake_timeout"),
                Arguments.of(TlsConfig.class, "sessionCacheSize", -1, "session_cache_size"),
                Arguments.of(TlsConfig.class, "sessionTimeout", Duration.ofDays(2), "session_timeout"),
                Arguments.of(TlsConfig.class, "certfile", "server.pem", "keyfile"),
                Arguments.of(TlsConfig.class, "keyfile", "server.key", "certfile"));
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("invalid_values")
    <T extends Record> void invalid_value_fails_naming_its_key(Class<T> type, String component, Object value,
                                                               String key) {
        assertThatThrownBy(() -> with(type, component, value))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(key + ": ");
                });
    }

    @Test
    void range_errors_say_the_range_and_the_value() {
        assertThatThrownBy(() -> with(MqttConfig.class, "maxInflight", 0))
                .hasMessage("max_inflight: must be between 1 and 65535 (was 0)");
        assertThatThrownBy(() -> with(MqttConfig.class, "idleTimeout", Duration.ofMillis(99)))
                .hasMessage("idle_timeout: must be between 100ms and 1h (was 99ms)");
        assertThatThrownBy(() -> with(MqttConfig.class, "maxPacketSize", ByteSize.of(63)))
                .hasMessage("max_packet_size: must be between 64 and 268435455 (was 63)");
    }

    @Test
    void boundary_values_are_accepted() {
        assertThat(with(MqttConfig.class, "maxClientidLen", 23).maxClientidLen()).isEqualTo(23);
        assertThat(with(MqttConfig.class, "maxPacketSize", ByteSize.of(268_435_455)).maxPacketSize().bytes())
                .isEqualTo(268_435_455);
        assertThat(with(MqttConfig.class, "keepaliveMultiplier", 10.0).keepaliveMultiplier()).isEqualTo(10.0);
        assertThat(with(MqttConfig.class, "sessionExpiryInterval", Durations.NEVER).sessionExpiryInterval())
                .isEqualTo(Durations.NEVER);
        assertThat(with(MqttConfig.class, "sharedSubscriptionStrategy", "hash_clientid").shareStrategy())
                .isEqualTo(ShareStrategy.HASH_CLIENTID);
        assertThat(with(TlsConfig.class, "verify", "VERIFY_PEER").verifyPeer()).isTrue();
        assertThat(with(ListenerConfig.class, "bind", "[::1]:1883").address().getPort()).isEqualTo(1883);
        assertThat(with(ListenerConfig.class, "bind", ":1883").address().getHostString()).isEqualTo("0.0.0.0");
        assertThat(with(ListenerConfig.class, "bind", "0").address().getPort()).isZero();
        assertThat(with(NodeConfig.class, "nativeTransport", "TRUE").nativeTransport()).isEqualTo("true");
    }

    @Test
    void nested_problem_is_reported_under_its_full_key() {
        ConfigException e = new ConfigException("max_len", "must be between 0 and 10 (was -1)");
        ConfigException nested = e.under("mqtt.mqueue");
        assertThat(nested.key()).isEqualTo("mqtt.mqueue.max_len");
        assertThat(nested.getMessage()).isEqualTo("mqtt.mqueue.max_len: must be between 0 and 10 (was -1)");
        assertThat(e.under("").key()).isEqualTo("max_len");
        assertThat(e.under(null).key()).isEqualTo("max_len");
    }

    // ------------------------------------------------------------------ value types

    @Test
    void byte_sizes_parse_numbers_and_binary_units() {
        assertThat(ByteSize.parse(1024).bytes()).isEqualTo(1024);
        assertThat(ByteSize.parse("1024").bytes()).isEqualTo(1024);
        assertThat(ByteSize.parse("64KB").bytes()).isEqualTo(65536);
        assertThat(ByteSize.parse("64 kb").bytes()).isEqualTo(65536);
        assertThat(ByteSize.parse("1KiB").bytes()).isEqualTo(1024);
        assertThat(ByteSize.parse("1MB").bytes()).isEqualTo(1048576);
        assertThat(ByteSize.parse("2M").bytes()).isEqualTo(2097152);
        assertThat(ByteSize.parse("1GB").bytes()).isEqualTo(1073741824L);
        assertThat(ByteSize.parse("10B").bytes()).isEqualTo(10);
        for (String bad : List.of("abc", "KB", "", "1.5MB", "99999999999999GB")) {
            assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ByteSize.parse("-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byte_sizes_print_in_the_largest_exact_unit_and_round_trip() {
        for (long n : new long[] {0, 1, 1000, 1024, 65536, 1048576, 3 * 1073741824L, 1536}) {
            ByteSize s = ByteSize.of(n);
            assertThat(ByteSize.parse(s.toString())).isEqualTo(s);
        }
        assertThat(ByteSize.of(65536).toString()).isEqualTo("64KB");
        assertThat(ByteSize.of(1048576).toString()).isEqualTo("1MB");
        assertThat(ByteSize.of(1000).toString()).isEqualTo("1000");
        assertThat(ByteSize.of(Long.MAX_VALUE).asInt()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void durations_parse_seconds_units_and_never() {
        assertThat(Durations.parse(15)).isEqualTo(Duration.ofSeconds(15));
        assertThat(Durations.parse(1.5)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse(" 7D ")).isEqualTo(Duration.ofDays(7));
        for (String never : List.of("never", "infinity", "forever", "NEVER")) {
            assertThat(Durations.isNever(Durations.parse(never))).isTrue();
        }
        for (String bad : List.of("", "s", "abc", "5x", "1.5s", "ms")) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a duration");
        }
    }

    @Test
    void durations_format_in_the_largest_exact_unit_and_saturate_never() {
        assertThat(Arrays.asList(Durations.format(Duration.ofDays(7)), Durations.format(Duration.ofHours(2)),
                Durations.format(Duration.ofMinutes(90)), Durations.format(Duration.ofSeconds(15)),
                Durations.format(Duration.ofMillis(1500)), Durations.format(Duration.ZERO),
                Durations.format(Durations.NEVER)))
                .containsExactly("7d", "2h", "90m", "15s", "1500ms", "0s", "never");
        assertThat(Durations.seconds(Durations.NEVER)).isEqualTo(Long.MAX_VALUE);
        assertThat(Durations.seconds(Duration.ofMinutes(2))).isEqualTo(120);
        for (Duration d : List.of(Duration.ofDays(7), Duration.ofMillis(1500), Duration.ZERO, Duration.ofMinutes(90))) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
    }
}
