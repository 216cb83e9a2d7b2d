package dev.estuary.management.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class RouterTest {
    private final Router router = new Router()
            .add("GET", "/api/v1/clients/{clientid}", r -> ApiResponse.noContent())
            .add("DELETE", "/api/v1/clients/{clientid}", r -> ApiResponse.noContent())
            .add("GET", "/api/v1/retained/{topic*}", r -> ApiResponse.noContent());

    @Test
    void a_segment_parameter_is_percent_decoded() {
        Router.Match m = router.find("GET", "/api/v1/clients/a%2Fb%20c+d");
        assertThat(m.params()).isEqualTo(Map.of("clientid", "a/b c+d"));
        assertThat(m.entry().method()).isEqualTo("GET");
    }

    @Test
    void a_rest_parameter_takes_the_remaining_levels() {
        assertThat(router.find("GET", "/api/v1/retained/devices/sim/s%231/status").params())
                .isEqualTo(Map.of("topic", "devices/sim/s#1/status"));
        assertThat(router.find("GET", "/api/v1/retained/a//b").params()).isEqualTo(Map.of("topic", "a//b"));
    }

    @Test
    void unknown_paths_are_404_and_other_methods_405() {
        assertThatThrownBy(() -> router.find("GET", "/api/v1/nothing")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> router.find("PUT", "/api/v1/clients/x")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(405));
        assertThatThrownBy(() -> router.find("GET", "/api/v1/clients/")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> router.find("GET", "/api/v1/retained/")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void bad_percent_encoding_is_a_bad_request() {
        assertThatThrownBy(() -> router.find("GET", "/api/v1/clients/%zz")).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
