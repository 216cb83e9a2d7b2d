package dev.estuary.adapter.coap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class QueryParamsTest {
    @Test
    void short_and_long_names_mean_the_same_and_the_first_value_wins() {
        QueryParams q = QueryParams.parse(List.of("c=dev-1", "u=alice", "p=a=b", "t=tok", "clientid=other"));
        assertThat(q.get("clientid")).isEqualTo("dev-1");
        assertThat(q.get("username")).isEqualTo("alice");
        assertThat(q.get("password")).isEqualTo("a=b");
        assertThat(q.get("token")).isEqualTo("tok");
    }

    @Test
    void empty_values_count_as_absent_for_identity() {
        QueryParams q = QueryParams.parse(List.of("clientid=", "token"));
        assertThat(q.nonEmpty("clientid")).isNull();
        assertThat(q.nonEmpty("token")).isNull();
    }

    @Test
    void qos_and_retain_accept_only_their_values() {
        assertThat(QueryParams.parse(List.of("q=2", "r=1")).qos(0)).isEqualTo(2);
        assertThat(QueryParams.parse(List.of("retain=true")).retain()).isTrue();
        assertThat(QueryParams.parse(List.of()).qos(1)).isEqualTo(1);
        assertThat(QueryParams.parse(List.of()).retain()).isFalse();
        assertThatThrownBy(() -> QueryParams.parse(List.of("qos=3")).qos(0)).hasMessageContaining("qos must be");
        assertThatThrownBy(() -> QueryParams.parse(List.of("r=yes")).retain()).hasMessageContaining("retain must");
    }
}
