package dev.estuary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Loading the YAML file: defaults, units, and one-line errors naming the file and the full key. */
@Timeout(10)
class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of());

    @TempDir
    Path dir;

    private EstuaryConfig parse(String yaml) {
        return loader.parse(yaml, "estuary.yaml");
    }

    private String errorOf(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigLoadException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void no_file_means_all_defaults() {
        assertThat(loader.load(null)).isEqualTo(EstuaryConfig.DEFAULTS);
    }

    @Test
    void empty_file_and_empty_sections_mean_all_defaults() throws Exception {
        Path f = Files.writeString(dir.resolve("estuary.yaml"), "# nothing set\nmqtt:\nlisteners:\n  tcp:\n");
        assertThat(loader.load(f)).isEqualTo(EstuaryConfig.DEFAULTS);
        assertThat(parse("")).isEqualTo(EstuaryConfig.DEFAULTS);
    }

    @Test
    void snake_case_keys_bind_to_the_records() {
        EstuaryConfig c = parse("""
                node:
                  name: edge-1
                  data_dir: /var/lib/estuary
                mqtt:
                  max_inflight: 64
                  keepalive_multiplier: 2
                  shared_subscription_strategy: sticky
                  mqueue:
                    max_len: 10
                    store_qos0: true
                listeners:
                  tcp:
                    bind: 127.0.0.1:1884
                    proxy_protocol: true
                  ws:
                    enabled: false
                tls:
                  versions: [TLSv1.3]
                """);
        assertThat(c.node().name()).isEqualTo("edge-1");
        assertThat(c.node().dataDir()).isEqualTo("/var/lib/estuary");
        assertThat(c.mqtt().maxInflight()).isEqualTo(64);
        assertThat(c.mqtt().keepaliveMultiplier()).isEqualTo(2.0);
        assertThat(c.mqtt().sharedSubscriptionStrategy()).isEqualTo("sticky");
        assertThat(c.mqtt().mqueue()).isEqualTo(new MqueueConfig(10, true));
        assertThat(c.listeners().tcp().bind()).isEqualTo("127.0.0.1:1884");
        assertThat(c.listeners().tcp().proxyProtocol()).isTrue();
        assertThat(c.listeners().ws().enabled()).isFalse();
        assertThat(c.listeners().ws().bind()).isEqualTo("0.0.0.0:8083");
        assertThat(c.tls().versions()).containsExactly("TLSv1.3");
        assertThat(c.mqtt().maxQosAllowed()).isEqualTo(2);
    }

    @Test
    void durations_accept_units_plain_seconds_and_never() {
        EstuaryConfig c = parse("""
                mqtt:
                  idle_timeout: 500ms
                  session_expiry_interval: 7200
                  max_session_expiry_interval: 2d
                node:
                  shutdown_timeout: 1m
                tls:
                  session_timeout: never
                """.replace("never", "2h"));
        assertThat(c.mqtt().idleTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.mqtt().sessionExpiryInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(c.mqtt().maxSessionExpiryInterval()).isEqualTo(Duration.ofDays(2));
        assertThat(c.node().shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("mqtt:\n  session_expiry_interval: never\n").mqtt().sessionExpiryInterval())
                .isEqualTo(Durations.NEVER);
    }

    @Test
    void sizes_accept_units_and_plain_bytes() {
        assertThat(parse("mqtt:\n  max_packet_size: 256KB\n").mqtt().maxPacketSize()).isEqualTo(ByteSize.of(262144));
        assertThat(parse("mqtt:\n  max_packet_size: 2048\n").mqtt().maxPacketSize()).isEqualTo(ByteSize.of(2048));
    }

    @Test
    void a_port_alone_is_a_valid_bind() {
        assertThat(parse("listeners:\n  tcp:\n    bind: 1885\n").listeners().tcp().address().getPort())
                .isEqualTo(1885);
    }

    @Test
    void out_of_range_value_names_file_and_full_key() {
        assertThat(errorOf("mqtt:\n  max_inflight: 0\n"))
                .isEqualTo("estuary.yaml: mqtt.max_inflight: must be between 1 and 65535 (was 0)");
    }

    @Test
    void nested_record_errors_carry_the_whole_path() {
        assertThat(errorOf("mqtt:\n  mqueue:\n    max_len: -1\n"))
                .isEqualTo("estuary.yaml: mqtt.mqueue.max_len: must be between 0 and 2147483647 (was -1)");
        assertThat(errorOf("listeners:\n  ws:\n    path: mqtt\n"))
                .isEqualTo("estuary.yaml: listeners.ws.path: must start with '/' (was 'mqtt')");
        assertThat(errorOf("listeners:\n  tcp:\n    bind: 127.0.0.1:70000\n"))
                .isEqualTo("estuary.yaml: listeners.tcp.bind: port must be 0..65535 (was 70000)");
    }

    @Test
    void unknown_key_is_an_error_listing_the_known_ones() {
        assertThat(errorOf("mqtt:\n  max_inflightt: 5\n"))
                .startsWith("estuary.yaml: mqtt.max_inflightt: unknown key (known keys: ")
                .contains("max_inflight,");
        assertThat(errorOf("mqt:\n  max_inflight: 5\n")).startsWith("estuary.yaml: mqt: unknown key");
    }

    @Test
    void wrong_type_names_the_expected_type_and_the_value() {
        assertThat(errorOf("mqtt:\n  max_inflight: lots\n"))
                .isEqualTo("estuary.yaml: mqtt.max_inflight: expected an integer (was 'lots')");
        assertThat(errorOf("mqtt:\n  max_inflight: 1.5\n"))
                .isEqualTo("estuary.yaml: mqtt.max_inflight: expected an integer (was 1.5)");
        assertThat(errorOf("mqtt:\n  retain_available: maybe\n"))
                .isEqualTo("estuary.yaml: mqtt.retain_available: expected true or false (was 'maybe')");
        assertThat(errorOf("mqtt: 5\n"))
                .isEqualTo("estuary.yaml: mqtt: expected a section (key: value pairs) (was 5)");
        assertThat(errorOf("mqtt:\n  mqueue: [1, 2]\n"))
                .isEqualTo("estuary.yaml: mqtt.mqueue: expected a section (key: value pairs) (was a list)");
    }

    @Test
    void unparsable_duration_or_size_says_how_to_write_one() {
        assertThat(errorOf("mqtt:\n  idle_timeout: soon\n")).isEqualTo("estuary.yaml: mqtt.idle_timeout: "
                + "expected a duration (e.g. 500ms, 15s, 2m, 2h, 7d, never) (was 'soon')");
        assertThat(errorOf("mqtt:\n  max_packet_size: huge\n"))
                .isEqualTo("estuary.yaml: mqtt.max_packet_size: expected a size (e.g. 1024, 64KB, 1MB) (was 'huge')");
        assertThat(errorOf("mqtt:\n  max_packet_size: -5\n"))
                .isEqualTo("estuary.yaml: mqtt.max_packet_size: expected a size (e.g. 1024, 64KB, 1MB) (was -5)");
        assertThat(errorOf("mqtt:\n  idle_timeout: 2h\n"))
                .isEqualTo("estuary.yaml: mqtt.idle_timeout: must be between 100ms and 1h (was 2h)");
    }

    @Test
    void cross_key_rule_of_a_record_names_the_key() {
        assertThat(errorOf("tls:\n  certfile: server.pem\n"))
                .isEqualTo("estuary.yaml: tls.keyfile: certfile and keyfile must be set together");
        assertThat(errorOf("tls:\n  versions: [SSLv3]\n"))
                .isEqualTo("estuary.yaml: tls.versions: unknown TLS version 'SSLv3' (use TLSv1.2, TLSv1.3)");
    }

    @Test
    void yaml_syntax_error_names_file_and_line() {
        assertThat(errorOf("mqtt:\n  max_inflight: 5\n bad: [\n")).startsWith("estuary.yaml: line ");
        assertThat(errorOf("mqtt:\n  max_inflight: 5\n  max_inflight: 6\n"))
                .startsWith("estuary.yaml: ").contains("max_inflight");
        assertThat(errorOf("- a\n- b\n"))
                .isEqualTo("estuary.yaml: expected sections (key: value pairs) at the top level");
    }

    @Test
    void missing_file_is_a_clear_error() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> loader.load(missing)).isInstanceOf(ConfigLoadException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void adapter_sections_are_kept_as_trees_for_the_plugins() {
        EstuaryConfig c = parse("adapters:\n  coap:\n    port: 5683\n    dtls: {enabled: true}\n");
        assertThat(c.adapter("coap").get("port").asInt()).isEqualTo(5683);
        assertThat(c.adapter("coap").at("/dtls/enabled").asBoolean()).isTrue();
        assertThat(c.adapter("lwm2m").isEmpty()).isTrue();
    }

    @Test
    void rendered_yaml_has_every_key_and_loads_back_to_the_same_config() {
        EstuaryConfig custom = parse("""
                mqtt:
                  max_packet_size: 64KB
                  idle_timeout: 1500ms
                  max_session_expiry_interval: never
                tls:
                  ciphers: [TLS_AES_128_GCM_SHA256]
                adapters:
                  coap: {port: 5683}
                """);
        String yaml = ConfigLoader.toYaml(custom);
        assertThat(yaml).contains("max_packet_size: 64KB", "idle_timeout: 1500ms",
                "max_session_expiry_interval: never", "certfile: null", "store_qos0: false");
        assertThat(parse(yaml)).isEqualTo(custom);
        assertThat(parse(ConfigLoader.toYaml(EstuaryConfig.DEFAULTS))).isEqualTo(EstuaryConfig.DEFAULTS);
    }

    @Test
    void tree_lists_record_keys_only() {
        assertThat(ConfigLoader.toTree(EstuaryConfig.DEFAULTS).fieldNames()).toIterable()
                .containsExactly("node", "mqtt", "listeners", "tls", "devices", "adapters", "auth", "persistence",
                        "management", "sys", "webhooks", "auto_subscribe", "flapping", "trace");
        assertThat(ConfigLoader.toTree(EstuaryConfig.DEFAULTS).get("listeners").fieldNames()).toIterable()
                .containsExactlyElementsOf(List.of("tcp", "ws", "ssl", "wss"));
    }
}
