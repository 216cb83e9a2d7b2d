package dev.estuary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Environment overrides: {@code ESTUARY_} + path segments joined by {@code __}, on top of the file. */
@Timeout(10)
class EnvOverrideTest {

    private static EstuaryConfig load(Map<String, String> env, String yaml) {
        return new ConfigLoader(env).parse(yaml, "estuary.yaml");
    }

    private static String errorOf(Map<String, String> env, String yaml) {
        try {
            load(env, yaml);
        } catch (ConfigLoadException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void variables_set_nested_keys_of_every_type() {
        EstuaryConfig c = load(Map.of(
                "ESTUARY_MQTT__MAX_INFLIGHT", "64",
                "ESTUARY_LISTENERS__TCP__BIND", "0.0.0.0:1884",
                "ESTUARY_MQTT__MQUEUE__STORE_QOS0", "true",
                "ESTUARY_MQTT__IDLE_TIMEOUT", "30s",
                "ESTUARY_MQTT__MAX_PACKET_SIZE", "2MB",
                "ESTUARY_TLS__VERSIONS", "[TLSv1.2]",
                "ESTUARY_NODE__NAME", "edge-7"), "");
        assertThat(c.mqtt().maxInflight()).isEqualTo(64);
        assertThat(c.listeners().tcp().bind()).isEqualTo("0.0.0.0:1884");
        assertThat(c.mqtt().mqueue().storeQos0()).isTrue();
        assertThat(c.mqtt().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.mqtt().maxPacketSize()).isEqualTo(ByteSize.of(2 * 1024 * 1024));
        assertThat(c.tls().versions()).containsExactly("TLSv1.2");
        assertThat(c.node().name()).isEqualTo("edge-7");
    }

    @Test
    void names_are_case_insensitive() {
        assertThat(load(Map.of("estuary_mqtt__max_inflight", "7"), "").mqtt().maxInflight()).isEqualTo(7);
        assertThat(load(Map.of("Estuary_Mqtt__Max_Inflight", "8"), "").mqtt().maxInflight()).isEqualTo(8);
    }

    @Test
    void environment_wins_over_the_file_and_keeps_its_other_keys() {
        EstuaryConfig c = load(Map.of("ESTUARY_MQTT__MAX_INFLIGHT", "64"),
                "mqtt:\n  max_inflight: 10\n  max_awaiting_rel: 20\n");
        assertThat(c.mqtt().maxInflight()).isEqualTo(64);
        assertThat(c.mqtt().maxAwaitingRel()).isEqualTo(20);
    }

    @Test
    void variables_without_double_underscore_or_prefix_are_not_config() {
        EstuaryConfig c = load(Map.of("ESTUARY_HOME", "/opt/estuary", "ESTUARY_JAVA_OPTS", "-Xmx1g",
                "MQTT__MAX_INFLIGHT", "0", "PATH", "/usr/bin"), "");
        assertThat(c).isEqualTo(EstuaryConfig.DEFAULTS);
    }

    @Test
    void a_more_specific_variable_wins_over_a_whole_section() {
        EstuaryConfig c = load(Map.of("ESTUARY_LISTENERS__TCP", "{bind: 1000, proxy_protocol: true}",
                "ESTUARY_LISTENERS__TCP__BIND", "127.0.0.1:2000"), "");
        assertThat(c.listeners().tcp().bind()).isEqualTo("127.0.0.1:2000");
        assertThat(c.listeners().tcp().proxyProtocol()).isTrue();
    }

    @Test
    void text_that_is_not_yaml_is_taken_as_a_string() {
        assertThat(load(Map.of("ESTUARY_MQTT__RESPONSE_INFORMATION", "@reply/"), "").mqtt()
                .responseInformation()).isEqualTo("@reply/");
    }

    @Test
    void invalid_value_names_the_variable_and_the_key() {
        assertThat(errorOf(Map.of("ESTUARY_MQTT__MAX_INFLIGHT", "0"), "mqtt:\n  max_inflight: 10\n"))
                .isEqualTo("environment variable ESTUARY_MQTT__MAX_INFLIGHT: mqtt.max_inflight: "
                        + "must be between 1 and 65535 (was 0)");
        assertThat(errorOf(Map.of("ESTUARY_MQTT__MAX_INFLIGHT", "many"), ""))
                .isEqualTo("environment variable ESTUARY_MQTT__MAX_INFLIGHT: mqtt.max_inflight: "
                        + "expected an integer (was 'many')");
        assertThat(errorOf(Map.of("ESTUARY_LISTENERS__TCP__BIND", "here"), ""))
                .isEqualTo("environment variable ESTUARY_LISTENERS__TCP__BIND: listeners.tcp.bind: "
                        + "expected host:port or port (was 'here')");
    }

    @Test
    void unknown_key_from_the_environment_names_the_variable() {
        assertThat(errorOf(Map.of("ESTUARY_MQTT__MAX_INFLIGT", "5"), ""))
                .startsWith("environment variable ESTUARY_MQTT__MAX_INFLIGT: mqtt.max_infligt: unknown key");
    }

    @Test
    void errors_in_keys_the_environment_did_not_touch_still_name_the_file() {
        assertThat(errorOf(Map.of("ESTUARY_MQTT__MAX_INFLIGHT", "5"), "mqtt:\n  max_awaiting_rel: 0\n"))
                .startsWith("estuary.yaml: mqtt.max_awaiting_rel: ");
    }

    @Test
    void override_below_a_plain_value_is_an_error() {
        assertThat(errorOf(Map.of("ESTUARY_NODE__NAME__X", "5"), "node:\n  name: edge\n"))
                .isEqualTo("environment variable ESTUARY_NODE__NAME__X: node.name: "
                        + "is a value, not a section, so it has no key 'x'");
        assertThat(errorOf(Map.of("ESTUARY_NODE__NAME__X", "5"), ""))
                .isEqualTo("environment variable ESTUARY_NODE__NAME__X: node.name: expected a string (was a section)");
    }

    @Test
    void empty_value_puts_the_key_back_to_its_default() {
        assertThat(load(Map.of("ESTUARY_MQTT__MAX_INFLIGHT", ""), "mqtt:\n  max_inflight: 10\n").mqtt().maxInflight())
                .isEqualTo(32);
    }

    @Test
    void empty_segment_is_an_error() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("ESTUARY_MQTT____X", "1")))
                .hasMessageStartingWith("environment variable ESTUARY_MQTT____X: empty key segment");
    }
}
