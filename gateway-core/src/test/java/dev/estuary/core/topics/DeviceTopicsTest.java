package dev.estuary.core.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.routing.Topics;
import dev.estuary.core.routing.TopicLimits;
import dev.estuary.core.spi.TopicModel.DeviceTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceTopicsTest {
    private final DeviceTopics topics = new DeviceTopics("");

    @Test
    void builds_every_topic_of_the_model() {
        assertThat(topics.up("coap", "dev1", null)).isEqualTo("devices/coap/dev1/up");
        assertThat(topics.up("coap", "dev1", "temp/inside")).isEqualTo("devices/coap/dev1/up/temp/inside");
        assertThat(topics.down("lwm2m", "ep", "3/0")).isEqualTo("devices/lwm2m/ep/down/3/0");
        assertThat(topics.status("lorawan", "0102")).isEqualTo("devices/lorawan/0102/status");
        assertThat(topics.event("tcp", "m1", "connected")).isEqualTo("devices/tcp/m1/events/connected");
        assertThat(topics.reply("tcp", "m1")).isEqualTo("devices/tcp/m1/reply");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "x+y", "#", "100%", "nul\0id", "$sys", "plain", "ünïcödé", "%2F"})
    void device_ids_encode_to_one_valid_level_and_decode_back(String id) {
        String level = topics.encodeDeviceId(id);
        assertThat(level).doesNotContain("/", "+", "#", "\0");
        assertThat(level).doesNotStartWith("$");
        Topics.checkName(topics.up("a", id, null), TopicLimits.DEFAULT);
        assertThat(topics.decodeDeviceId(level)).isEqualTo(id);
        assertThat(topics.parse(topics.status("a", id))).contains(new DeviceTopic("a", id, "status", null));
    }

    @Test
    void mountpoint_prefixes_every_topic_and_parse_requires_it() {
        DeviceTopics tenant = new DeviceTopics("tenant1");
        assertThat(tenant.mountpoint()).isEqualTo("tenant1/");
        assertThat(tenant.up("coap", "d", "c")).isEqualTo("tenant1/devices/coap/d/up/c");
        assertThat(tenant.parse("devices/coap/d/up")).isEmpty();
        assertThat(tenant.parse("tenant1/devices/coap/d/up/c")).contains(new DeviceTopic("coap", "d", "up", "c"));
        assertThatThrownBy(() -> new DeviceTopics("t/#")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_recognises_only_model_topics() {
        assertThat(topics.parse("devices/coap/d/events/joined")).contains(new DeviceTopic("coap", "d", "events",
                "joined"));
        assertThat(topics.parse("devices/coap/d/down")).contains(new DeviceTopic("coap", "d", "down", null));
        assertThat(topics.parse("devices/coap/d/status/extra")).isEmpty();
        assertThat(topics.parse("devices/coap/d/events")).isEmpty();
        assertThat(topics.parse("devices/coap/d/other")).isEmpty();
        assertThat(topics.parse("sensors/coap/d/up")).isEmpty();
        assertThat(topics.parse("devices/coap")).isEmpty();
    }
}
