package dev.estuary.management.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Strict request bodies: every kind of bad input is a 400 that names the problem. */
@Timeout(5)
class BodiesTest {
    record Sample(String topic, Integer qos, Boolean retain, List<String> tags, Map<String, String> props) {
        Sample {
            if (topic == null) {
                throw new IllegalArgumentException("field 'topic' is required");
            }
        }
    }

    private static Sample read(String json) {
        return Bodies.read(json.getBytes(StandardCharsets.UTF_8), Sample.class);
    }

    private static String error(String json) {
        try {
            read(json);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void a_valid_body_binds_with_snake_case_names() {
        Sample s = read("{\"topic\": \"a/b\", \"qos\": 1, \"retain\": true, \"tags\": [\"x\"], \"props\": {\"k\": \"v\"}}");
        assertThat(s).isEqualTo(new Sample("a/b", 1, true, List.of("x"), Map.of("k", "v")));
    }

    @Test
    void bad_input_is_named() {
        assertThat(error("{\"topic\": \"a\", ")).startsWith("the request body is not valid JSON");
        assertThat(error("not json")).startsWith("the request body is not valid JSON");
        assertThat(error("{\"topic\": \"a\"} trailing")).startsWith("the request body is not valid JSON");
        assertThat(error("{\"topic\": \"a\", \"qoss\": 1}")).startsWith("unknown field 'qoss'")
                .contains("known fields: props, qos, retain, tags, topic");
        assertThat(error("{\"topic\": \"a\", \"qos\": \"1\"}")).startsWith("field 'qos': expected an integer");
        assertThat(error("{\"topic\": \"a\", \"qos\": 1.5}")).startsWith("field 'qos': expected an integer");
        assertThat(error("{\"topic\": 7}")).isEqualTo("field 'topic': expected a string (was 7)");
        assertThat(error("{\"topic\": \"a\", \"retain\": 1}")).startsWith("field 'retain': expected true or false");
        assertThat(error("{\"topic\": \"a\", \"retain\": \"yes\"}")).startsWith("field 'retain': expected true or false");
        assertThat(error("{\"topic\": \"a\", \"tags\": \"x\"}")).startsWith("field 'tags': expected a list");
        assertThat(error("{\"topic\": \"a\", \"topic\": \"b\"}")).contains("Duplicate field 'topic'");
        assertThat(error("{}")).isEqualTo("field 'topic' is required");
        assertThat(error("[1, 2]")).isEqualTo("the request body must be a JSON object");
        assertThat(error("null")).isEqualTo("the request body must be a JSON object, not null");
        assertThatThrownBy(() -> Bodies.read(new byte[0], Sample.class)).hasMessage("a JSON request body is required");
    }
}
