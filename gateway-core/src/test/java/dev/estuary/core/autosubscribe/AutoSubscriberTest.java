package dev.estuary.core.autosubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.config.AutoSubscription;
import dev.estuary.core.routing.RetainHandling;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.SubscribeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class AutoSubscriberTest {
    private static ClientInfo client(String id, String user) {
        return new ClientInfo(id, user, null, "mqtt", 5, "tcp", null, null, 60, 0, false, false, null);
    }

    @Test
    void placeholders_are_filled_in_per_client() {
        AutoSubscriber s = new AutoSubscriber(List.of(AutoSubscription.of("clients/%c/in", 1),
                new AutoSubscription("users/%u/#", 2, true, false, 2)), null);
        List<SubscribeRequest> r = s.requestsFor(client("c1", "alice"));
        assertThat(r).extracting(SubscribeRequest::topic).containsExactly("clients/c1/in", "users/alice/#");
        assertThat(r.get(1).options().qos()).isEqualTo(2);
        assertThat(r.get(1).options().noLocal()).isTrue();
        assertThat(r.get(1).options().retainHandling()).isEqualTo(RetainHandling.DONT_SEND);
    }

    @Test
    void a_missing_or_wildcard_value_skips_that_subscription() {
        AutoSubscriber s = new AutoSubscriber(List.of(AutoSubscription.of("clients/%c/in", 0),
                AutoSubscription.of("users/%u/#", 0)), null);
        assertThat(s.requestsFor(client("c1", null))).extracting(SubscribeRequest::topic)
                .containsExactly("clients/c1/in");
        assertThat(s.requestsFor(client("a/#", "x+y"))).isEmpty();
    }
}
