package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.config.NodeConfig;
import dev.estuary.core.config.TlsConfig;
import dev.estuary.core.internal.Transports;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code node.native_transport}: epoll where Netty's native library loads, NIO otherwise, io_uring when asked. */
@Timeout(60)
class NativeTransportTest {

    private static boolean linuxX86() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    }

    private static EstuaryConfig config(String nativeTransport) {
        return ListenerTestServer.config(TlsConfig.DEFAULTS, UnaryOperator.identity())
                .withNode(new NodeConfig(null, null, null, nativeTransport, null, null));
    }

    @Test
    void auto_selects_epoll_on_linux() {
        assumeTrue(linuxX86(), "the build ships Netty's epoll library for linux-x86_64 only");
        Transports auto = Transports.select("auto");
        assertThat(auto.isEpoll()).isTrue();
        assertThat(auto.serverChannel()).isEqualTo(EpollServerSocketChannel.class);
    }

    @Test
    void listeners_run_on_epoll_by_default_and_say_so() throws Exception {
        assumeTrue(linuxX86(), "the build ships Netty's epoll library for linux-x86_64 only");
        assertListenersServeOn("auto", "epoll");
    }

    @Test
    void native_transport_epoll_runs_the_listeners_on_epoll() throws Exception {
        assumeTrue(linuxX86(), "the build ships Netty's epoll library for linux-x86_64 only");
        assertThat(Transports.select("epoll").serverChannel()).isEqualTo(EpollServerSocketChannel.class);
        assertListenersServeOn("epoll", "epoll");
    }

    @Test
    void native_transport_io_uring_runs_the_listeners_on_io_uring() throws Exception {
        assumeTrue(linuxX86() && IoUring.isAvailable(), "io_uring needs Linux with io_uring enabled");
        assertThat(Transports.select("io_uring").serverChannel()).isEqualTo(IoUringServerSocketChannel.class);
        assertListenersServeOn("io_uring", "io_uring");
    }

    @Test
    void native_transport_false_runs_the_listeners_on_nio() throws Exception {
        assertThat(Transports.select("false").serverChannel()).isEqualTo(NioServerSocketChannel.class);
        assertListenersServeOn("false", "nio");
    }

    private static void assertListenersServeOn(String setting, String transport) throws Exception {
        try (LogCapture log = LogCapture.estuary(); ListenerTestServer server = ListenerTestServer.start(
                config(setting))) {
            assertThat(log.linesContaining("MQTT listener tcp")).singleElement().asString()
                    .contains("(" + transport + ")");
            MqttClient c = new MqttClient("tcp://127.0.0.1:" + server.port(dev.estuary.adapter.mqtt.ListenerKind.TCP),
                    "on-" + transport, new MemoryPersistence());
            c.connect();
            assertThat(server.client("on-" + transport)).isNotNull();
            c.disconnect();
            c.close();
        }
    }

    @Test
    void native_transport_true_or_io_uring_without_native_libraries_fails_with_a_clear_error() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dio.netty.transport.noNative=true",
                "-cp", System.getProperty("java.class.path"), NativeTransportProbe.class.getName())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("probe JVM finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as(out).contains("auto=nio");
        assertThat(out).as(out).contains("true=StartupException: node.native_transport is true but epoll is "
                + "not available").contains("set it to auto or false");
        assertThat(out).as(out).contains("io_uring=StartupException: node.native_transport is io_uring but "
                + "io_uring is not available");
    }
}
