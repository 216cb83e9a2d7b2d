package dev.estuary.bench.jmh;

import dev.estuary.adapter.mqtt.codec.PublishEncoder;
import dev.estuary.adapter.mqtt.handler.TopicAliases;
import dev.estuary.core.message.Message;
import dev.estuary.core.session.OutboundPublish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one PUBLISH on the broker's wire paths: {@code encodeV3} is what the broker does per MQTT 3.x
 * subscriber (bytes straight into the connection's batch buffer), {@code encodeV5} the MQTT 5 path (a Netty
 * PUBLISH with properties through {@link MqttEncoder}), {@code decode} what {@link MqttDecoder} does per
 * incoming PUBLISH. Payload sizes 64 B and 1 KiB, topic {@code site/17/dev/4711/temp}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PublishCodecBenchmark {
    @Param({"64", "1024"})
    public int payloadSize;

    private OutboundPublish qos1;
    private ByteBuf batch;
    private EmbeddedChannel encoder;
    private EmbeddedChannel decoder;
    private ByteBuf wire;
    private final TopicAliases aliases = new TopicAliases();

    @Setup(Level.Trial)
    public void setUp() {
        byte[] payload = new byte[payloadSize];
        Arrays.fill(payload, (byte) 'x');
        Message m = Message.builder("site/17/dev/4711/temp").payload(payload).qos(1).build();
        qos1 = new OutboundPublish(m, 1, 42, false, false, new int[0], -1);
        batch = PooledByteBufAllocator.DEFAULT.directBuffer(64 * 1024);
        encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        decoder = new EmbeddedChannel(new MqttDecoder(1024 * 1024));
        wire = PooledByteBufAllocator.DEFAULT.directBuffer(payloadSize + 64);
        PublishEncoder.encodeV3(qos1, wire);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        batch.release();
        wire.release();
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }

    @Benchmark
    public int encodeV3() {
        if (batch.writerIndex() > 60 * 1024) {
            batch.clear();
        }
        PublishEncoder.encodeV3(qos1, batch);
        return batch.writerIndex();
    }

    @Benchmark
    public int encodeV5() {
        MqttPublishMessage msg = PublishEncoder.encode(qos1, true, aliases, 0);
        encoder.writeOutbound(msg);
        ByteBuf out = encoder.readOutbound();
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int decode() {
        decoder.writeInbound(wire.retainedDuplicate());
        Object msg = decoder.readInbound();
        int n = ((MqttPublishMessage) msg).payload().readableBytes();
        ReferenceCountUtil.release(msg);
        return n;
    }
}
