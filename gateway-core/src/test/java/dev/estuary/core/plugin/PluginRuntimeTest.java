package dev.estuary.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.estuary.core.Broker;
import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.adapter.InMemoryAdapterStore;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.core.internal.NettyLanes;
import dev.estuary.core.internal.Transports;
import dev.estuary.core.message.Message;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.testplugins.EchoAdapter;
import dev.estuary.testplugins.FutureSpiAdapter;
import dev.estuary.testplugins.ThrowingDownlinkAdapter;
import dev.estuary.testplugins.ThrowingStartAdapter;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Broken plugins fail alone: real plugin archives, one failing in start, one failing in its downlink callback. */
@Timeout(30)
class PluginRuntimeTest {
    @TempDir
    Path dir;

    private EventLoopGroup group;
    private Broker broker;
    private AdapterRuntime adapters;
    private PluginRuntime plugins;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        group = Transports.select("auto").newGroup(2, "plugin-test");
        broker = Broker.builder().lanes(new NettyLanes(group)).build();
        adapters = new AdapterRuntime(broker, EstuaryConfig.DEFAULTS, "", new InMemoryAdapterStore(),
                dir.resolve("data"));
        Path pluginsDir = dir.resolve("plugins");
        java.nio.file.Files.createDirectories(pluginsDir);
        PluginZip.build(pluginsDir, "boom-plugin", ThrowingStartAdapter.class);
        PluginZip.build(pluginsDir, "faulty-plugin", ThrowingDownlinkAdapter.class);
        PluginZip.build(pluginsDir, "echo-plugin", EchoAdapter.class);
        PluginZip.build(pluginsDir, "future-plugin", FutureSpiAdapter.class);
        logs.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        plugins = new PluginRuntime(pluginsDir, List.of(), adapters);
        plugins.start();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        plugins.close();
        adapters.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private Map<String, PluginInfo> byId() {
        return plugins.list().stream().collect(Collectors.toMap(PluginInfo::id, p -> p));
    }

    @Test
    void plugin_that_throws_in_start_is_disabled_and_reported_while_others_run() {
        Map<String, PluginInfo> all = byId();
        assertThat(all.get("boom-plugin").state()).isEqualTo("FAILED");
        assertThat(all.get("boom-plugin").error()).contains("cannot bind the frobnicator port");
        assertThat(all.get("echo-plugin").state()).isEqualTo("STARTED");
        assertThat(all.get("faulty-plugin").state()).isEqualTo("STARTED");
        assertThat(plugins.runningAdapters()).containsExactlyInAnyOrder("echo", "faulty");
        assertThat(errorLines("boom-plugin")).hasSize(1);
    }

    @Test
    void adapter_built_for_another_spi_major_version_is_refused_with_both_versions_and_never_started() {
        PluginInfo future = byId().get("future-plugin");
        assertThat(future.state()).isEqualTo("FAILED");
        assertThat(future.error()).contains("adapter built for SPI 2.0, this gateway offers SPI "
                + dev.estuary.core.spi.SpiVersion.CURRENT);
        assertThat(FutureSpiAdapter.started).isFalse();
        assertThat(plugins.runningAdapters()).doesNotContain("future").contains("echo");
        assertThat(errorLines("future-plugin")).hasSize(1);
    }

    @Test
    void startup_logs_one_line_per_plugin_with_its_version_state_and_adapters() {
        List<String> lines = logs.list.stream().filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("plugin ")).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("plugin echo-plugin 1.0.0 ")
                .contains("[STARTED]", "adapters=[echo: running]"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("plugin boom-plugin ")
                .contains("[FAILED]", "error: ", "cannot bind the frobnicator port"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("plugin future-plugin ").contains("[FAILED]"));
    }

    @Test
    void exception_in_a_downlink_callback_is_reported_once_and_other_adapters_keep_working() throws Exception {
        LinkedBlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        DeviceSession probe = adapters.contextFor("probe").openDevice(DeviceLogin.builder("p").build())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        probe.subscribe("devices/echo/e1/up/echo", 0, (s, m) -> echoes.add(m.payloadText()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> adapters.devices().size() == 3);

        for (int i = 0; i < 3; i++) {
            broker.publish(Message.builder("devices/faulty/d1/down").payload(("bad " + i)
                    .getBytes(StandardCharsets.UTF_8)).qos(1).build());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> adapters.errorCount("faulty") == 3);
        assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.ERROR
                && e.getFormattedMessage().contains("adapter 'faulty' failed in its message handler"))).hasSize(1);

        broker.publish(Message.builder("devices/echo/e1/down").payload("ping".getBytes(StandardCharsets.UTF_8))
                .qos(1).build());
        assertThat(echoes.poll(5, TimeUnit.SECONDS)).isEqualTo("ping");
        assertThat(plugins.runningAdapters()).contains("faulty", "echo");
    }

    private List<ILoggingEvent> errorLines(String text) {
        return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains(text))
                .toList();
    }
}
