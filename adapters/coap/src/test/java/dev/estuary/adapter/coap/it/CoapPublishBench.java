package dev.estuary.adapter.coap.it;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * Load tool: "CoAP publishes into MQTT subscribers". Starts the gateway with the built plugin zip, a Paho MQTT 5
 * subscriber on {@code devices/coap/+/up/#} (QoS 0), and raw-UDP senders that fire pre-encoded NON
 * {@code POST /up/bench?c=bench-N} requests (one socket and one thread per sender, at most {@code window}
 * unanswered requests each, so the server is never flooded past its socket buffers). Reports CoAP responses and
 * MQTT deliveries per second over the measured interval.
 *
 * <p>Run: {@code mvn -B -pl adapters/coap -am verify -Dit.test=CoapPublishBenchIT -Dbench=true
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false} (properties {@code bench.senders}, {@code bench.devices},
 * {@code bench.window}, {@code bench.seconds}).
 */
public final class CoapPublishBench {
    /** The outcome. */
    public record Result(int senders, int devices, double seconds, long responses, long delivered) {
        double responsesPerSecond() {
            return responses / seconds;
        }

        double deliveredPerSecond() {
            return delivered / seconds;
        }

        @Override
        public String toString() {
            return String.format("%d senders, %d devices, %.1f s: %.0f CoAP 2.04/s, %.0f MQTT deliveries/s, "
                    + "%d stalls", senders, devices, seconds, responsesPerSecond(), deliveredPerSecond(),
                    STALLS.sum());
        }
    }

    /** Times a sender waited 200 ms for an answer that never came (lost datagrams). */
    static final LongAdder STALLS = new LongAdder();

    private CoapPublishBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("coap-bench");
        System.out.println(run(dir, Integer.getInteger("bench.senders", 4), Integer.getInteger("bench.devices", 100),
                Integer.getInteger("bench.window", 64), Integer.getInteger("bench.seconds", 10)));
    }

    public static Result run(Path dir, int senders, int devices, int window, int seconds) throws Exception {
        // the test logging configuration logs every dropped or refused message at DEBUG: not what is measured
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.estuary"))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        try (CoapTestGateway gw = CoapTestGateway.builder(dir).config(c -> c.put("threads", 2)).start()) {
            LongAdder delivered = new LongAdder();
            MqttClient sub = new MqttClient(gw.mqtt().uri(), "bench-sub", new MemoryPersistence());
            sub.connect(new MqttConnectionOptions());
            sub.subscribe(new MqttSubscription[] {new MqttSubscription("devices/coap/+/up/#", 0)},
                    new IMqttMessageListener[] {(t, m) -> delivered.increment()});
            LongAdder responses = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", gw.udpPort());
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int first = s;
                Thread t = new Thread(() -> send(target, first, senders, devices, window, running, responses),
                        "bench-sender-" + s);
                t.start();
                threads.add(t);
            }
            Thread.sleep(3000); // warm-up: JIT, device sessions opened (not measured)
            long r0 = responses.sum();
            long d0 = delivered.sum();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the measured interval
            long r1 = responses.sum();
            long d1 = delivered.sum();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            running.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
            sub.disconnect();
            sub.close();
            return new Result(senders, devices, elapsed, r1 - r0, d1 - d0);
        }
    }

    private static void send(InetSocketAddress target, int first, int step, int devices, int window,
                             AtomicBoolean running, LongAdder responses) {
        List<byte[]> requests = new ArrayList<>();
        for (int d = first; d < devices; d += step) {
            requests.add(request("bench-" + d));
        }
        byte[] in = new byte[256];
        DatagramPacket answer = new DatagramPacket(in, in.length);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(200);
            int mid = 0;
            int outstanding = 0;
            int next = 0;
            while (running.get()) {
                while (outstanding < window) {
                    byte[] req = requests.get(next++ % requests.size());
                    mid = (mid + 1) & 0xFFFF;
                    req[2] = (byte) (mid >> 8);
                    req[3] = (byte) mid;
                    socket.send(new DatagramPacket(req, req.length, target));
                    outstanding++;
                }
                try {
                    socket.receive(answer);
                    outstanding--;
                    if ((in[1] & 0xFF) == (2 << 5 | 4)) {
                        responses.increment();
                    }
                } catch (SocketTimeoutException lost) {
                    STALLS.increment();
                    outstanding = 0; // datagrams were dropped somewhere: start a new window
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** NON POST /up/bench?c={device} with payload "21.5" (RFC 7252 §3); bytes 2-3 (the MID) are set per send. */
    private static byte[] request(String device) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(0x51); // version 1, NON, token length 1
        m.write(0x02); // POST
        m.write(0);
        m.write(0); // message id
        m.write(0x42); // token
        m.writeBytes(new byte[] {(byte) 0xB2, 'u', 'p'}); // Uri-Path (11) "up"
        m.writeBytes(new byte[] {0x05, 'b', 'e', 'n', 'c', 'h'}); // Uri-Path "bench"
        byte[] q = ("c=" + device).getBytes(StandardCharsets.US_ASCII);
        if (q.length > 12) {
            throw new IllegalArgumentException("device id too long for this encoder");
        }
        m.write(0x40 | q.length); // Uri-Query (15): delta 4
        m.writeBytes(q);
        m.write(0xFF);
        m.writeBytes("21.5".getBytes(StandardCharsets.US_ASCII));
        return m.toByteArray();
    }
}
