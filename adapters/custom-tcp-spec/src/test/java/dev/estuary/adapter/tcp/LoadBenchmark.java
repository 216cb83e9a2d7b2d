package dev.estuary.adapter.tcp;

import dev.estuary.adapter.tcp.testing.TcpTestGateway;
import dev.estuary.tools.simulator.LoadRun;
import java.time.Duration;

/**
 * Not a test: measures uplinks per second through the framing into an MQTT subscriber, with the broker, its MQTT
 * listener and the adapter in this process and the simulator's load mode as the devices. Run with the test
 * classpath: {@code java -cp ... dev.estuary.adapter.tcp.LoadBenchmark [connections] [seconds] [payload] [rate]
 * [warmup seconds]}.
 * The figure is reported in docs/adapters/tcp.md.
 */
public final class LoadBenchmark {
    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int payload = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        try (TcpTestGateway gateway = TcpTestGateway.builder().start()) {
            LoadRun.Result r = new LoadRun(new LoadRun.Settings("127.0.0.1", gateway.port(), connections, rate,
                    payload, Duration.ofSeconds(seconds), gateway.mqtt().uri(), false, Duration.ofSeconds(warmup)),
                    System.out).run();
            System.out.println(r.summary());
        }
    }
}
