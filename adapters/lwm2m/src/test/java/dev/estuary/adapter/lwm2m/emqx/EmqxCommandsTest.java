package dev.estuary.adapter.lwm2m.emqx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.adapter.lwm2m.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EmqxCommandsTest {
    private static JsonNode n(String s) throws Exception {
        return EmqxCommands.toNative(Json.MAPPER.readTree(s));
    }

    @Test
    void read_maps_to_the_native_read() throws Exception {
        assertThat(n("{\"reqID\":1,\"msgType\":\"read\",\"data\":{\"path\":\"/3/0/0\"}}").toString())
                .isEqualTo("{\"op\":\"read\",\"path\":\"/3/0/0\"}");
    }

    @Test
    void typed_text_values_become_json_values() throws Exception {
        assertThat(n("{\"msgType\":\"write\",\"data\":{\"path\":\"/3/0/13\",\"type\":\"Time\",\"value\":\"1514966400\"}}")
                .path("value").asLong()).isEqualTo(1514966400L);
        assertThat(n("{\"msgType\":\"write\",\"data\":{\"path\":\"/1/0/6\",\"type\":\"Boolean\",\"value\":\"1\"}}")
                .path("value").asBoolean()).isTrue();
        assertThatThrownBy(() -> n("{\"msgType\":\"write\",\"data\":{\"path\":\"/1/0/1\",\"type\":\"Integer\","
                + "\"value\":\"many\"}}")).hasMessageContaining("Integer expects a number");
    }

    @Test
    void a_batch_write_is_a_partial_update_of_the_base_instance() throws Exception {
        JsonNode c = n("{\"msgType\":\"write\",\"data\":{\"basePath\":\"/3/0\",\"content\":[{\"path\":\"14\","
                + "\"type\":\"String\",\"value\":\"+01\"},{\"path\":\"/15\",\"type\":\"String\",\"value\":\"UTC\"}]}}");
        assertThat(c.path("path").asText()).isEqualTo("/3/0");
        assertThat(c.path("mode").asText()).isEqualTo("update");
        assertThat(c.path("values").path("14").asText()).isEqualTo("+01");
        assertThat(c.path("values").path("15").asText()).isEqualTo("UTC");
    }

    @Test
    void write_attr_and_execute_carry_their_parameters() throws Exception {
        JsonNode a = n("{\"msgType\":\"write-attr\",\"data\":{\"path\":\"/3/0/9\",\"pmin\":\"1\",\"pmax\":\"5\","
                + "\"gt\":\"2.5\"}}");
        assertThat(a.path("attributes").toString()).isEqualTo("{\"pmin\":1,\"pmax\":5,\"gt\":2.5}");
        JsonNode e = n("{\"msgType\":\"execute\",\"data\":{\"path\":\"/3/0/4\",\"args\":\"0='a'\"}}");
        assertThat(e.path("args").asText()).isEqualTo("0='a'");
    }

    @Test
    void unknown_msg_types_are_named() {
        assertThatThrownBy(() -> n("{\"msgType\":\"reboot\",\"data\":{}}")).hasMessageContaining("'reboot'");
    }
}
