package dev.estuary.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Lwm2mUplinks} against a Californium CoAP server playing the LwM2M server: it answers registrations,
 * observes {@code /3303/0/5700} on each registered device (from its own endpoint, as Leshan does), and receives
 * the notifications.
 */
@Timeout(60)
class Lwm2mUplinksTest {
    private final Configuration config = Configuration.createStandardWithoutFile();
    private CoapServer server;
    private CoapEndpoint endpoint;
    private Rd rd;
    private EventLoopGroup group;
    private Lwm2mUplinks devices;

    /** The registration interface: {@code POST /rd} (2.01 with a location, or 4.03 for refused names). */
    private final class Rd extends CoapResource {
        final Map<String, String> registrations = new ConcurrentHashMap<>();
        final Map<String, Observer> observers = new ConcurrentHashMap<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();
        volatile String refused = "";

        Rd() {
            super("rd");
        }

        @Override
        public Resource getChild(String name) {
            return this; // DELETE /rd/{id} lands here too
        }

        @Override
        public void handlePOST(CoapExchange ex) {
            String ep = ex.getRequestOptions().getUriQueryParameter().getArgument("ep");
            if (ep.equals(refused)) {
                ex.respond(CoAP.ResponseCode.FORBIDDEN);
                return;
            }
            registrations.put(ep, String.join("&", ex.getRequestOptions().getUriQuery()) + " "
                    + ex.getRequestOptions().getContentFormat() + " " + ex.getRequestText());
            ex.setLocationPath("rd/" + ep.hashCode());
            ex.respond(CoAP.ResponseCode.CREATED);
            observers.put(ep, new Observer(ex.getSourceSocketAddress()));
        }

        @Override
        public void handleDELETE(CoapExchange ex) {
            deleted.add(ex.getRequestOptions().getUriPathString());
            ex.respond(CoAP.ResponseCode.DELETED);
        }
    }

    /** The server's observation of one device's temperature. */
    private final class Observer implements CoapHandler {
        @Override
        public String toString() {
            return values + " " + sequence;
        }

        final List<String> values = new CopyOnWriteArrayList<>();
        final List<Integer> sequence = new CopyOnWriteArrayList<>();
        final CoapClient client;
        final CoapObserveRelation relation;

        Observer(InetSocketAddress device) {
            client = new CoapClient("coap://127.0.0.1:" + device.getPort() + "/" + Lwm2mUplinks.OBSERVED)
                    .setEndpoint(endpoint);
            relation = client.observe(this);
        }

        @Override
        public void onLoad(CoapResponse r) {
            assertThat(r.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.TEXT_PLAIN);
            values.add(r.getResponseText());
            sequence.add(r.getOptions().getObserve());
        }

        @Override
        public void onError() {
        }
    }

    @BeforeEach
    void start() {
        server = new CoapServer(config);
        endpoint = CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        server.addEndpoint(endpoint);
        rd = new Rd();
        server.add(rd);
        server.start();
        // as LoadRun: epoll where available (the devices' sockets follow)
        group = new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        if (devices != null) {
            devices.close();
        }
        rd.observers.values().forEach(o -> o.client.shutdown());
        server.destroy();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private Lwm2mUplinks devices(int n, boolean confirmable) {
        devices = new Lwm2mUplinks(endpoint.getAddress(), n, "bench-", confirmable, 2, System.nanoTime());
        return devices;
    }

    /**
     * Starts the devices and waits until the server has taken every observe answer, as {@link LoadRun} waits for
     * their uplinks before it sends: a notification that overtakes the answer of its observation is not counted by
     * a CoAP client (here Californium's).
     */
    private void start(Lwm2mUplinks d) throws Exception {
        d.start(group);
        for (Observer o : rd.observers.values()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !o.values.isEmpty());
        }
    }

    private Map<String, String> report() {
        JsonLine j = new JsonLine();
        devices.report(j);
        return CompareTable.parse(j.toString());
    }

    @Test
    void devices_register_get_observed_and_notify_in_sequence() throws Exception {
        Lwm2mUplinks d = devices(3, false);

        start(d);

        assertThat(rd.registrations).containsOnlyKeys("bench-0", "bench-1", "bench-2");
        assertThat(rd.registrations.get("bench-1")).isEqualTo("ep=bench-1&lt=300&lwm2m=1.1&b=U 40 "
                + "</>;rt=\"oma.lwm2m\",</1/0>,</3/0>,</3303/0>");
        assertThat(report().get("registrations")).isEqualTo("3");
        assertThat(report().get("registration_failed")).isEqualTo("0");
        assertThat(report().get("observed")).isEqualTo("3");
        assertThat(d.initialUplinks()).isEqualTo(3);

        long now = System.nanoTime();
        int written = group.next().submit(() -> {
            int w = d.send(6, now);
            d.flush();
            return w;
        }).get();

        assertThat(written).isEqualTo(6);
        for (Observer o : rd.observers.values()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> o.values.size() == 3);
            assertThat(o.sequence).containsExactly(1, 2, 3);
            assertThat(o.values.get(1)).matches("\\d{7}\\.\\d{3}").isEqualTo(o.values.get(2));
        }
        assertThat(d.answered()).isZero();
        assertThat(d.failed()).isZero();
    }

    @Test
    void confirmable_notifications_are_counted_when_the_server_acknowledges_them() throws Exception {
        Lwm2mUplinks d = devices(2, true);
        start(d);

        group.next().submit(() -> {
            d.send(4, System.nanoTime());
            d.flush();
        }).get();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(d.answered())
                .as("ACKs; %d failed; values %s", d.failed(), rd.observers).isEqualTo(4));
        rd.observers.values().forEach(o -> assertThat(o.values).hasSize(3));
    }

    @Test
    void refused_registration_is_reported_and_the_others_still_notify() throws Exception {
        rd.refused = "bench-1";
        Lwm2mUplinks d = devices(3, false);

        start(d);

        assertThat(report().get("registrations")).isEqualTo("2");
        assertThat(report().get("registration_failed")).isEqualTo("1");
        int written = group.next().submit(() -> {
            int w = d.send(4, System.nanoTime());
            d.flush();
            return w;
        }).get();
        assertThat(written).isEqualTo(4);
        for (Observer o : rd.observers.values()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> o.values.size() == 3);
        }
    }

    @Test
    void other_requests_of_the_server_are_answered() throws Exception {
        Lwm2mUplinks d = devices(1, false);
        start(d);
        Observer o = rd.observers.get("bench-0");
        String device = o.client.getURI().replace("/" + Lwm2mUplinks.OBSERVED, "");
        CoapClient other = new CoapClient(device + "/3/0/0").setEndpoint(endpoint);
        try {
            assertThat(other.get().getCode()).isEqualTo(CoAP.ResponseCode.NOT_FOUND);
            other.setURI(device + "/" + Lwm2mUplinks.OBSERVED);
            assertThat(other.put("1", MediaTypeRegistry.TEXT_PLAIN).getCode())
                    .isEqualTo(CoAP.ResponseCode.METHOD_NOT_ALLOWED);
            CoapResponse read = other.get();
            assertThat(read.getCode()).isEqualTo(CoAP.ResponseCode.CONTENT);
            assertThat(read.getOptions().hasObserve()).isFalse();
            assertThat(other.get(MediaTypeRegistry.APPLICATION_JSON).getCode())
                    .isEqualTo(CoAP.ResponseCode.NOT_ACCEPTABLE);
        } finally {
            other.shutdown();
        }
    }

    @Test
    void cancelled_observation_gets_no_more_notifications_and_close_deregisters() throws Exception {
        Lwm2mUplinks d = devices(2, false);
        start(d);
        Observer cancelled = rd.observers.get("bench-0");
        cancelled.relation.proactiveCancel();
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled.values.size() == 2); // the cancel's answer

        int written = group.next().submit(() -> {
            int w = d.send(3, System.nanoTime());
            d.flush();
            return w;
        }).get();

        assertThat(written).isEqualTo(3); // all to the device still observed
        await().atMost(Duration.ofSeconds(10)).until(() -> rd.observers.get("bench-1").values.size() == 4);
        assertThat(cancelled.values).hasSize(2);

        d.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> rd.deleted.size() == 2);
        assertThat(rd.deleted).containsExactlyInAnyOrder("rd/" + "bench-0".hashCode(), "rd/" + "bench-1".hashCode());
    }
}
