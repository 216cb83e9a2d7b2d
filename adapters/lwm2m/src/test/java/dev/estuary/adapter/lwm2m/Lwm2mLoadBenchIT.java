package dev.estuary.adapter.lwm2m;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lwm2m.testing.Lwm2mGateway;
import dev.estuary.adapter.lwm2m.testing.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load mode (off unless {@code -Dbench=true}): registrations per second and notifications per second through the
 * plugin, on loopback.
 * <ul>
 *   <li>registrations: raw CoAP REGISTER requests ({@code POST /rd?ep=...}) from one Californium endpoint, at most
 *       {@code bench.window} in flight, each a new endpoint whose device session the broker opens;</li>
 *   <li>notifications: {@code bench.clients} Leshan clients whose {@code /3303/0/5700} is auto-observed; each changes
 *       its value {@code bench.changes} times; counted when the uplink reaches an MQTT subscriber.</li>
 * </ul>
 * <pre>mvn -B -pl adapters/lwm2m -am verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=Lwm2mLoadBenchIT -Dbench=true [-Dbench.registrations=2000 -Dbench.window=64 -Dbench.clients=20
 *   -Dbench.changes=200]</pre>
 * Results are printed and written to {@code target/lwm2m-bench.txt}.
 */
@Timeout(600)
class Lwm2mLoadBenchIT {
    @TempDir
    Path dir;

    private static int prop(String name, int def) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("$") ? def : Integer.parseInt(v);
    }

    @Test
    void load() throws Exception {
        assumeTrue(Boolean.parseBoolean(System.getProperty("bench")), "load mode: run with -Dbench=true");
        int registrations = prop("bench.registrations", 2000);
        int window = prop("bench.window", 64);
        int clients = prop("bench.clients", 20);
        int changes = prop("bench.changes", 200);
        ObjectNode cfg = Lwm2mGateway.JSON.createObjectNode();
        cfg.put("offline_replies", false);
        StringBuilder report = new StringBuilder();
        try (Lwm2mGateway gw = Lwm2mGateway.start(dir, cfg)) {
            report.append(registrations(gw, registrations, window));
            report.append(notifications(gw, clients, changes));
        }
        report.append(String.format(Locale.ROOT, "cores: %d, JVM: %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        System.out.print(report);
        Files.writeString(Path.of(System.getProperty("plugin.zip")).getParent().resolve("lwm2m-bench.txt"),
                report.toString());
    }

    private static String registrations(Lwm2mGateway gw, int n, int window) throws Exception {
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile())
                .build();
        endpoint.start();
        String base = gw.coapUri();
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger created = new AtomicInteger();
        CoapClient client = new CoapClient().setEndpoint(endpoint).setTimeout(30_000L);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            Request r = Request.newPost().setURI(base + "/rd?ep=bench-reg-" + i + "&lt=600&lwm2m=1.1&b=U");
            r.setPayload("</1/0>,</3/0>,</3303/0>");
            r.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_LINK_FORMAT);
            client.advanced(new CoapHandler() {
                @Override
                public void onLoad(CoapResponse response) {
                    if (response.getCode() == CoAP.ResponseCode.CREATED) {
                        created.incrementAndGet();
                    }
                    inFlight.release();
                    done.countDown();
                }

                @Override
                public void onError() {
                    inFlight.release();
                    done.countDown();
                }
            }, r);
        }
        done.await(300, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - start) / 1e9;
        client.shutdown();
        endpoint.destroy();
        return String.format(Locale.ROOT, "registrations: %d of %d created in %.2f s = %.0f registrations/s "
                + "(window %d)%n", created.get(), n, secs, created.get() / secs, window);
    }

    private static String notifications(Lwm2mGateway gw, int clients, int changes) throws Exception {
        java.util.Map<String, AtomicLong> seen = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong received = new AtomicLong();
        MqttClient sub = new MqttClient(gw.mqtt.uri(), "bench-sub", new MemoryPersistence());
        sub.connect(new MqttConnectionOptions());
        sub.subscribe(new MqttSubscription[] {new MqttSubscription("devices/lwm2m/+/up/#", 0)},
                new IMqttMessageListener[] {(t, m) -> {
                    received.incrementAndGet();
                    String ep = t.split("/")[2];
                    long v = (long) Lwm2mGateway.JSON.readTree(m.getPayload()).path("value").asDouble();
                    AtomicLong s = seen.computeIfAbsent(ep, k -> new AtomicLong(-1));
                    synchronized (s) {
                        s.set(v);
                        s.notifyAll();
                    }
                }});
        List<TestClient> started = new ArrayList<>();
        try (dev.estuary.adapter.lwm2m.testing.MqttProbe app = dev.estuary.adapter.lwm2m.testing.MqttProbe.v5(
                gw.mqtt.uri(), "bench-app")) {
            for (int i = 0; i < clients; i++) {
                started.add(TestClient.builder("bench-obs-" + i, gw.coapUri()).start());
            }
            for (TestClient c : started) {
                c.registered.get(30, TimeUnit.SECONDS);
                app.call("devices/lwm2m/" + c.endpoint + "/down", "{\"op\":\"observe\",\"path\":\"/3303/0/5700\"}",
                        java.time.Duration.ofSeconds(30));
            }
            long before = received.get();
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (TestClient c : started) {
                Thread t = new Thread(() -> {
                    AtomicLong s = seen.computeIfAbsent(c.endpoint, k -> new AtomicLong(-1));
                    for (int k = 1; k <= changes; k++) {
                        c.temperature.set(k);
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        synchronized (s) {
                            while (s.get() < k && System.nanoTime() < until) {
                                try {
                                    s.wait(100); // closed loop: the next change once this one reached MQTT
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long got = received.get() - before;
            return String.format(Locale.ROOT, "notifications: %d uplinks for %d value changes in %.2f s = %.0f "
                    + "notifications/s (%d Leshan clients, closed loop: each client changes its value again once "
                    + "the previous notification reached the MQTT subscriber)%n", got, (long) clients * changes,
                    secs, got / secs, clients);
        } finally {
            for (TestClient c : started) {
                c.close();
            }
            sub.disconnect();
            sub.close();
        }
    }
}
