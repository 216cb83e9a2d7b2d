package dev.estuary.adapter.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.adapter.tcp.testing.TcpTestGateway;
import dev.estuary.core.spi.AdapterConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Configuration: a bad value stops the adapter with a message naming the full key. */
@Timeout(30)
class TcpConfigTest {

    @Test
    void an_unknown_key_is_refused_with_its_full_name() {
        assertThatThrownBy(() -> TcpTestGateway.builder().set("max_bodyy", 5).start())
                .isInstanceOf(AdapterConfigException.class).hasMessageContaining("adapters.tcp.max_bodyy");
    }

    @Test
    void an_out_of_range_value_is_refused_with_its_full_name() {
        assertThatThrownBy(() -> TcpTestGateway.builder().set("max_body", 10).start())
                .isInstanceOf(AdapterConfigException.class).hasMessageContaining("adapters.tcp.max_body")
                .hasMessageContaining("between 1024 and 1048576");
    }

    @Test
    void the_defaults_are_those_of_the_specification() throws Exception {
        try (TcpTestGateway g = TcpTestGateway.builder().start()) {
            assertThat(g.port()).isPositive();
            assertThat(g.adapter().tlsPort()).as("no TLS without a certificate").isEqualTo(-1);
        }
        assertThat(TcpConfig.DEFAULT_PORT).isEqualTo(7878);
        assertThat(TcpConfig.DEFAULT_TLS_PORT).isEqualTo(7879);
    }
}
