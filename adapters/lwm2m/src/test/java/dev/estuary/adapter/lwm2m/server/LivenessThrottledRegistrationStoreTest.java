package dev.estuary.adapter.lwm2m.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.server.registration.UpdatedRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LivenessThrottledRegistrationStoreTest {
    private final AtomicLong now = new AtomicLong();
    private final LivenessThrottledRegistrationStore store = new LivenessThrottledRegistrationStore(60, now::get);
    private final IpPeer peer = new IpPeer(new InetSocketAddress("127.0.0.1", 40001));

    @AfterEach
    void stop() throws InterruptedException {
        store.destroy();
    }

    private Registration register(long lifetime) {
        Registration r = new Registration.Builder("reg-1", "meter-1", peer, java.net.URI.create("coap://0.0.0.0:5683"))
                .objectLinks(new Link[] {new Link("/3303/0")}).lifeTimeInSec(lifetime).build();
        store.addRegistration(r);
        now.set(r.getLastUpdate().getTime());
        return r;
    }

    private static RegistrationUpdate alive(IpPeer from) {
        return new RegistrationUpdate("reg-1", from, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void a_second_sign_of_life_within_a_second_keeps_the_registration_as_it_is() {
        Registration r = register(300);
        now.addAndGet(200);
        UpdatedRegistration u = store.updateRegistration(alive(peer));
        assertThat(u.getUpdatedRegistration()).isSameAs(r);
        assertThat(store.getRegistration("reg-1")).isSameAs(r);
    }

    @Test
    void a_sign_of_life_after_a_second_a_new_address_or_a_new_lifetime_updates_it() {
        Registration r = register(300);
        now.addAndGet(1500);
        assertThat(store.updateRegistration(alive(peer)).getUpdatedRegistration()).isNotSameAs(r);

        Registration before = store.getRegistration("reg-1");
        IpPeer moved = new IpPeer(new InetSocketAddress("127.0.0.1", 40002)); // NAT rebinding
        Registration after = store.updateRegistration(alive(moved)).getUpdatedRegistration();
        assertThat(after).isNotSameAs(before);
        assertThat(after.getClientTransportData()).isEqualTo(moved);

        Registration longer = store.updateRegistration(new RegistrationUpdate("reg-1", moved, 600L, null, null, null,
                null, null, null, null, null, null)).getUpdatedRegistration();
        assertThat(longer.getLifeTimeInSec()).isEqualTo(600L);
    }

    @Test
    void short_lifetimes_are_always_updated() {
        Registration r = register(30);
        now.addAndGet(100);
        assertThat(store.updateRegistration(alive(peer)).getUpdatedRegistration()).isNotSameAs(r);
    }
}
