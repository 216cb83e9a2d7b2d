package dev.estuary.core.sys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class SysTopicsTest {
    private final SysTopics topics = new SysTopics("estuary@127.0.0.1");

    @Test
    void topics_follow_the_emqx_scheme() {
        assertThat(SysTopics.BROKERS).isEqualTo("$SYS/brokers");
        assertThat(topics.node("version")).isEqualTo("$SYS/brokers/estuary@127.0.0.1/version");
        assertThat(topics.clientEvent("c1", "connected"))
                .isEqualTo("$SYS/brokers/estuary@127.0.0.1/clients/c1/connected");
    }

    @Test
    void a_client_id_is_one_topic_level_without_wildcards() {
        assertThat(topics.clientEvent("sim:a/b+c#d%e", "disconnected"))
                .isEqualTo("$SYS/brokers/estuary@127.0.0.1/clients/sim:a%2Fb%2Bc%23d%25e/disconnected");
        assertThat(SysTopics.encode("plain-id")).isEqualTo("plain-id");
    }
}
