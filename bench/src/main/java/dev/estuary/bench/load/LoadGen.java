package dev.estuary.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The MQTT load generator's command line (modes modelled on emqtt-bench): {@code conn}, {@code pub}, {@code sub},
 * and ready scenarios that are just presets of the same options ({@code fanin}, {@code fanin-qos1},
 * {@code fanout}, {@code pairs}, {@code shared}, {@code latency}, {@code retained}, {@code idle}), and one uplink
 * scenario per adapter ({@code coap-up}, {@code tcp-up}, {@code lorawan-up}, {@code lwm2m-up}: devices of that
 * protocol at a fixed rate, one MQTT subscriber counting what arrives). Options given
 * after the mode override the preset. Progress goes to stderr once a second; the result is ONE JSON line on
 * stdout.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.estuary.bench.load.LoadGen fanin --port 1883 --broker-pid 1234
 * </pre>
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false,
        description = "MQTT load generator. Ends with one JSON line on stdout.")
public final class LoadGen implements Callable<Integer> {
    /** The ready scenarios: each a list of option defaults. */
    static final Map<String, List<String>> PRESETS = Map.ofEntries(
            Map.entry("conn", List.of("--conns", "1000")),
            Map.entry("pub", List.of("--pubs", "10", "--fanout", "0")),
            Map.entry("sub", List.of("--subs", "10", "--fanout", "0")),
            Map.entry("fanin", List.of("--pubs", "50", "--subs", "1", "--qos", "0", "--sub-qos", "0",
                    "--topic", "bench/fanin/%i", "--filter", "bench/fanin/+", "--fanout", "1")),
            Map.entry("fanin-qos1", List.of("--pubs", "50", "--subs", "1", "--qos", "1", "--sub-qos", "1",
                    "--topic", "bench/fanin/%i", "--filter", "bench/fanin/+", "--fanout", "1")),
            Map.entry("fanout", List.of("--pubs", "1", "--subs", "100", "--qos", "0", "--sub-qos", "0",
                    "--topic", "bench/fanout", "--filter", "bench/fanout", "--fanout", "100")),
            Map.entry("pairs", List.of("--pubs", "100", "--subs", "100", "--qos", "1", "--sub-qos", "1",
                    "--topic", "bench/pairs/%i", "--filter", "bench/pairs/%i", "--fanout", "1")),
            Map.entry("shared", List.of("--pubs", "20", "--subs", "10", "--qos", "1", "--sub-qos", "1",
                    "--topic", "bench/shared/%i", "--filter", "$share/bench/bench/shared/+", "--fanout", "1")),
            Map.entry("latency", List.of("--pubs", "100", "--subs", "100", "--qos", "1", "--sub-qos", "1",
                    "--topic", "bench/lat/%i", "--filter", "bench/lat/%i", "--fanout", "1", "--rate", "50")),
            Map.entry("retained", List.of("--pubs", "1", "--subs", "100", "--qos", "1", "--sub-qos", "0",
                    "--topic", "bench/retained/%i", "--filter", "bench/retained/#", "--retained-topics", "500")),
            Map.entry("idle", List.of("--conns", "19000", "--conn-rate", "2000", "--hold", "20",
                    "--keepalive", "300", "--warmup-conns", "2000")),
            Map.entry("coap-up", List.of("--devices", "100", "--adapter-port", "5683", "--uplink-rate", "20000",
                    "--fanout", "1")),
            Map.entry("tcp-up", List.of("--devices", "100", "--adapter-port", "7878", "--uplink-rate", "20000",
                    "--fanout", "1")),
            Map.entry("lorawan-up", List.of("--devices", "1000", "--adapter-port", "8090", "--uplink-rate",
                    "20000", "--fanout", "1")),
            Map.entry("lwm2m-up", List.of("--devices", "1000", "--adapter-port", "5783", "--uplink-rate",
                    "20000", "--fanout", "1")));

    @Parameters(index = "0", description = "Mode: conn, pub, sub, fanin, fanin-qos1, fanout, pairs, shared, "
            + "latency, retained, idle, coap-up, tcp-up, lorawan-up, lwm2m-up")
    String mode;

    @Option(names = "--host", description = "Broker address (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";
    @Option(names = "--port", description = "Broker port (default ${DEFAULT-VALUE})")
    int port = 1883;
    @Option(names = "--label", description = "Name of the broker under test, copied into the JSON")
    String label = "broker";
    @Option(names = "--broker-pid", description = "Broker process id: its CPU and RSS are sampled from /proc")
    long brokerPid;

    @Option(names = "--pubs", description = "Publisher connections")
    int pubs;
    @Option(names = "--subs", description = "Subscriber connections")
    int subs;
    @Option(names = "--conns", description = "Idle connections (conn, idle)")
    int conns;
    @Option(names = "--qos", description = "QoS of the PUBLISHes (0 or 1)")
    int qos;
    @Option(names = "--sub-qos", description = "QoS of the subscriptions (0 or 1)")
    int subQos;
    @Option(names = "--size", description = "Payload bytes; the first 8 carry the send time (default ${DEFAULT-VALUE})")
    int size = 64;
    @Option(names = "--topic", description = "Publish topic; %%i is the publisher's index")
    String topic = "bench/t/%i";
    @Option(names = "--filter", description = "Subscription filter; %%i is the subscriber's index")
    String filter = "bench/t/#";
    @Option(names = "--fanout", description = "Deliveries expected per message (for the window and loss); "
            + "0 = unknown (no window)")
    int fanout = 1;
    @Option(names = "--rate", description = "Messages/s per publisher; 0 = closed loop, as fast as the window "
            + "allows")
    double rate;
    @Option(names = "--window", description = "Closed loop: most deliveries in flight (sent, not yet received), "
            + "below the brokers' per-client queue (default ${DEFAULT-VALUE})")
    int window = 1000;
    @Option(names = "--inflight", description = "QoS 1 messages awaiting PUBACK per publisher (default "
            + "${DEFAULT-VALUE}, as emqtt-bench: Mosquitto 2.0.11 drops QoS 1 messages when publishers pipeline)")
    int inflight = 1;

    @Option(names = "--warmup", description = "Seconds before measuring (default ${DEFAULT-VALUE})")
    int warmup = 5;
    @Option(names = "--duration", description = "Seconds measured (default ${DEFAULT-VALUE})")
    int duration = 15;
    @Option(names = "--drain", description = "Seconds to wait for stragglers after publishing stops (default "
            + "${DEFAULT-VALUE})")
    int drain = 5;

    @Option(names = "--conn-rate", description = "New connections per second (default ${DEFAULT-VALUE})")
    int connRate = 2000;
    @Option(names = "--source-addrs", description = "Local addresses 127.0.0.2.. to connect from, each with its "
            + "own ~28k ephemeral ports (default ${DEFAULT-VALUE})")
    int sourceAddrs = 4;
    @Option(names = "--keepalive", description = "MQTT keep alive in seconds (default ${DEFAULT-VALUE})")
    int keepalive = 60;
    @Option(names = "--hold", description = "conn/idle: seconds the connections are held open (default "
            + "${DEFAULT-VALUE})")
    int hold = 10;

    @Option(names = "--warmup-conns", description = "conn/idle: connections opened and closed before the "
            + "measured ones, so a JIT-compiled broker is measured in its steady state")
    int warmupConns;

    @Option(names = "--retained-topics", description = "retained: retained messages stored, each delivered to "
            + "every subscriber per round")
    int retainedTopics;
    @Option(names = "--retained-rounds", description = "retained: subscribe/unsubscribe rounds (default "
            + "${DEFAULT-VALUE})")
    int retainedRounds = 5;

    @Option(names = "--devices", description = "*-up: devices sending uplinks (lwm2m-up: each registers first)")
    int devices = 100;
    @Option(names = "--adapter-port", description = "*-up: the adapter's port (CoAP UDP, private TCP, LoRaWAN "
            + "HTTP integration, LwM2M plain CoAP)")
    int adapterPort;
    @Option(names = "--uplink-rate", description = "*-up: uplinks/s offered in total (open loop)")
    int uplinkRate = 20_000;
    @Option(names = "--lwm2m-con", description = "lwm2m-up: confirmable notifications (the gateway ACKs each; "
            + "not retransmitted) instead of non-confirmable")
    boolean lwm2mCon;
    @Option(names = "--lwm2m-window", description = "lwm2m-up: registrations in flight at most (default "
            + "${DEFAULT-VALUE})")
    int lwm2mWindow = 64;
    @Option(names = "--http-conns", description = "lorawan-up: keep-alive HTTP connections, one request in flight "
            + "each (default ${DEFAULT-VALUE})")
    int httpConns = 64;
    @Option(names = "--http-path", description = "lorawan-up: the ChirpStack HTTP integration path (default "
            + "${DEFAULT-VALUE})")
    String httpPath = "/chirpstack";
    @Option(names = "--http-secret", description = "lorawan-up: its shared secret (default ${DEFAULT-VALUE})")
    String httpSecret = "bench";

    @Option(names = "--preload-subs", description = "Extra subscriptions (that match nothing) put in the broker's "
            + "topic tree before the run")
    int preloadSubs;
    @Option(names = "--threads", description = "Event loop threads (default ${DEFAULT-VALUE}: the generator is "
            + "pinned to one core)")
    int threads = 1;
    @Option(names = "--transport", description = "Netty transport of the MQTT connections: auto (epoll, else NIO), "
            + "epoll, io_uring or nio (default ${DEFAULT-VALUE})")
    String transport = "auto";
    @Option(names = "--id-prefix", description = "Client id prefix (default: b<pid>-)")
    String idPrefix;

    public static void main(String[] args) {
        String[] effective = withPreset(args);
        CommandLine cl = new CommandLine(new LoadGen());
        cl.setOverwrittenOptionsAllowed(true);
        System.exit(cl.execute(effective));
    }

    /** The preset of the mode (first argument) followed by the caller's own options, which win. */
    static String[] withPreset(String[] args) {
        if (args.length == 0 || !PRESETS.containsKey(args[0])) {
            return args;
        }
        List<String> all = new ArrayList<>();
        all.add(args[0]);
        all.addAll(PRESETS.get(args[0]));
        all.addAll(Arrays.asList(args).subList(1, args.length));
        return all.toArray(new String[0]);
    }

    @Override
    public Integer call() throws Exception {
        if (!PRESETS.containsKey(mode)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "unknown mode: " + mode);
        }
        if (idPrefix == null) {
            idPrefix = "b" + ProcessHandle.current().pid() + "-";
        }
        try (LoadRun run = new LoadRun(this)) {
            String json = run.execute();
            System.out.println(json);
            return 0;
        }
    }
}
