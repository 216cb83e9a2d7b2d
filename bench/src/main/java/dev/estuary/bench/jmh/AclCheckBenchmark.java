package dev.estuary.bench.jmh;

import dev.estuary.core.acl.AclConf;
import dev.estuary.core.acl.AclEngine;
import dev.estuary.core.acl.AclRule;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.session.ClientInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the ACL check a PUBLISH pays ({@link ClientAuthorizer#canPublish}), cached and uncached, with a rule list
 * of {@code rules} entries of which a handful apply to the client. {@code *_fresh_topic} builds a new topic string
 * per call, as the decoder does for each PUBLISH (so the string's hash is not cached); {@code fresh_topic_only}
 * measures that construction alone, to subtract.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AclCheck} (see {@code bench/README.md}). The figure is
 * reported in {@code docs/security.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AclCheckBenchmark {
    @Param({"10", "1000"})
    int rules;

    private ClientAuthorizer cached;
    private ClientAuthorizer uncached;
    private String topic;
    private char[] topicChars;

    @Setup
    public void setUp() {
        List<AclRule> list = new ArrayList<>();
        list.add(AclConf.parseRule("{deny, all, publish, [\"$SYS/#\", \"secret/#\"]}"));
        for (int i = 0; list.size() < rules - 2; i++) {
            list.add(AclConf.parseRule("{allow, {user, \"user" + i + "\"}, publish, [\"devices/user" + i + "/#\"]}"));
        }
        list.add(AclConf.parseRule("{allow, all, publish, [\"devices/%u/+/telemetry\", \"devices/%u/status\"]}"));
        list.add(AclConf.parseRule("{deny, all}"));
        ClientInfo client = new ClientInfo("meter-0042", "meter42", new InetSocketAddress("10.1.2.3", 40000), "mqtt",
                5, "tcp", null, null, 60, 0, false, false, null);
        cached = new AclEngine(list, false, 32).forClient(client);
        uncached = new AclEngine(list, false, 0).forClient(client);
        topic = "devices/meter42/power/telemetry";
        topicChars = topic.toCharArray();
        if (!cached.canPublish(topic) || uncached.canPublish("devices/other/power/telemetry")) {
            throw new IllegalStateException("benchmark rules do not decide as intended");
        }
    }

    @Benchmark
    public boolean cached_check() {
        return cached.canPublish(topic);
    }

    @Benchmark
    public boolean cached_check_fresh_topic() {
        return cached.canPublish(new String(topicChars));
    }

    @Benchmark
    public boolean uncached_check_fresh_topic() {
        return uncached.canPublish(new String(topicChars));
    }

    @Benchmark
    public String fresh_topic_only() {
        return new String(topicChars);
    }
}
