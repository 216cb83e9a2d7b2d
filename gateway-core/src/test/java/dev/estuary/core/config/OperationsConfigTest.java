package dev.estuary.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operations sections (management, sys, webhooks, auto_subscribe, flapping, trace, listener rates). */
@Timeout(10)
class OperationsConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of());

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
    void defaults_keep_the_api_on_loopback_and_the_protections_off() {
        EstuaryConfig c = EstuaryConfig.DEFAULTS;
        assertThat(c.management().address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(c.management().address().getPort()).isEqualTo(18083);
        assertThat(c.management().metricsAuth()).isTrue();
        assertThat(c.sys().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.webhooks().endpoints()).isEmpty();
        assertThat(c.autoSubscribe().topics()).isEmpty();
        assertThat(c.flapping().enabled()).isFalse();
        assertThat(c.listeners().tcp().maxConnRate()).isZero();
        assertThat(c.listeners().tcp().bytesRate().bytes()).isZero();
    }

    @Test
    void sections_bind_from_yaml_with_nested_lists() {
        EstuaryConfig c = parse("""
                management:
                  bind: 0.0.0.0:9999
                  metrics_auth: false
                sys:
                  interval: 500ms
                webhooks:
                  max_retries: 1
                  endpoints:
                    - url: http://127.0.0.1:9000/hook
                      events: [client.connected, message.publish]
                      topics: ["sensors/#"]
                      headers: {Authorization: Bearer abc}
                auto_subscribe:
                  topics:
                    - {topic: "clients/%c/in", qos: 1, no_local: true}
                flapping:
                  enabled: true
                  max_count: 3
                listeners:
                  tcp:
                    max_conn_rate: 10
                    messages_rate: 2.5
                    bytes_rate: 64KB
                """);
        assertThat(c.management().address().getPort()).isEqualTo(9999);
        assertThat(c.sys().interval()).isEqualTo(Duration.ofMillis(500));
        WebhookEndpointConfig hook = c.webhooks().endpoints().get(0);
        assertThat(hook.events()).containsExactly("client.connected", "message.publish");
        assertThat(hook.topics()).containsExactly("sensors/#");
        assertThat(hook.headers()).containsEntry("Authorization", "Bearer abc");
        assertThat(c.autoSubscribe().topics()).containsExactly(new AutoSubscription("clients/%c/in", 1, true, false,
                0));
        assertThat(c.flapping().maxCount()).isEqualTo(3);
        assertThat(c.listeners().tcp().maxConnRate()).isEqualTo(10.0);
        assertThat(c.listeners().tcp().messagesRate()).isEqualTo(2.5);
        assertThat(c.listeners().tcp().bytesRate().bytes()).isEqualTo(65536);
        assertThat(parse(ConfigLoader.toYaml(c))).isEqualTo(c);
    }

    @Test
    void a_webhook_endpoint_defaults_to_every_event_and_topic() {
        WebhookEndpointConfig hook = WebhookEndpointConfig.of("https://example.com/hook");
        assertThat(hook.events()).containsExactlyElementsOf(WebhookEndpointConfig.EVENTS);
        assertThat(hook.topics()).containsExactly("#");
    }

    @Test
    void bad_values_name_their_key() {
        assertThat(errorOf("webhooks:\n  endpoints:\n    - url: ftp://x/y\n"))
                .contains("url: must be an http:// or https:// URL");
        assertThat(errorOf("webhooks:\n  endpoints:\n    - url: http://x/y\n      events: [client.sneezed]\n"))
                .contains("unknown event 'client.sneezed'");
        assertThat(errorOf("auto_subscribe:\n  topics:\n    - topic: 'a/#/b'\n")).contains("topic");
        assertThat(errorOf("sys:\n  interval: 5ms\n")).contains("sys.interval: must be 0s (off) or at least 10ms");
        assertThat(errorOf("management:\n  bind: nowhere\n")).contains("management.bind");
        assertThat(errorOf("listeners:\n  tcp:\n    messages_rate: -1\n"))
                .contains("listeners.tcp.messages_rate: must be between");
        assertThat(errorOf("flapping:\n  max_count: 0\n")).contains("flapping.max_count");
    }

    @Test
    void listener_rate_wither_keeps_the_other_keys() {
        ListenerConfig l = ListenerConfig.at("127.0.0.1:0").withRates(5, 10, 1024);
        assertThat(l.bind()).isEqualTo("127.0.0.1:0");
        assertThat(l.maxConnRate()).isEqualTo(5.0);
        assertThat(l.withEnabled(false).messagesRate()).isEqualTo(10.0);
        assertThat(List.of(l.bytesRate().bytes())).containsExactly(1024L);
    }
}
