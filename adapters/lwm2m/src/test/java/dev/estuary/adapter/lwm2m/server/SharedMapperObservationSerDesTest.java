package dev.estuary.adapter.lwm2m.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.core.observe.Observation;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.leshan.server.californium.observation.ObservationSerDes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The observation store's reader with the shared mapper reads Leshan's format exactly as Leshan's own reader
 * (which built a new Jackson mapper per notification).
 */
@Timeout(30)
class SharedMapperObservationSerDesTest {
    private final ObservationSerDes leshan = new ObservationSerDes(new UdpDataParser(), new UdpDataSerializer());
    private final SharedMapperObservationSerDes shared = new SharedMapperObservationSerDes();

    private static Observation observation() {
        Request get = Request.newGet();
        get.setType(CoAP.Type.CON);
        get.setMID(321);
        get.setToken(new Token(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        get.getOptions().setUriPath("3303/0/5700").setObserve(0).setAccept(0);
        AddressEndpointContext peer = new AddressEndpointContext(new InetSocketAddress("127.0.0.1", 40123));
        get.setDestinationContext(peer);
        get.setUserContext(Map.of("leshan-regId", "abc123", "leshan-path", "/3303/0/5700"));
        return new Observation(get, peer);
    }

    @Test
    void the_same_stored_form_is_parsed_once_and_handed_out_as_independent_clones() {
        String stored = leshan.serialize(observation());

        Observation first = shared.deserialize(stored);
        first.getRequest().addMessageObserver(new org.eclipse.californium.core.coap.MessageObserverAdapter() {
        });
        Observation second = shared.deserialize(stored);

        assertThat(second).isNotSameAs(first);
        assertThat(second.getRequest()).isNotSameAs(first.getRequest());
        assertThat(second.getRequest().getMessageObservers()).isEmpty(); // nothing piles up between notifications
        assertThat(second.getRequest().getToken()).isEqualTo(first.getRequest().getToken());
        assertThat(second.getRequest().getOptions().toString()).isEqualTo(first.getRequest().getOptions().toString());
        assertThat(second.getRequest().getUserContext()).isEqualTo(first.getRequest().getUserContext());
        assertThat(second.getContext().getPeerAddress()).isEqualTo(first.getContext().getPeerAddress());
    }

    @Test
    void observation_reads_back_as_leshan_reads_it() {
        String stored = leshan.serialize(observation());

        Observation ours = shared.deserialize(stored);
        Observation theirs = leshan.deserialize(stored);

        for (Observation o : new Observation[] {ours, theirs}) {
            Request r = o.getRequest();
            assertThat(r.getToken().getBytes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(r.getCode()).isEqualTo(CoAP.Code.GET);
            assertThat(r.getOptions().getUriPathString()).isEqualTo("3303/0/5700");
            assertThat(r.getOptions().getObserve()).isZero();
            assertThat(r.getUserContext()).containsEntry("leshan-regId", "abc123")
                    .containsEntry("leshan-path", "/3303/0/5700");
            assertThat(o.getContext().getPeerAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 40123));
        }
        assertThat(ours.getRequest().getOptions().toString()).isEqualTo(theirs.getRequest().getOptions().toString());
        assertThat(ours.getRequest().getDestinationContext().getPeerAddress())
                .isEqualTo(theirs.getRequest().getDestinationContext().getPeerAddress());
        assertThat(shared.serialize(ours)).isEqualTo(stored);
    }

    @Test
    void damaged_observation_is_refused_with_its_text() {
        assertThatThrownBy(() -> shared.deserialize("{\"request\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{\"request\":");
    }
}
