package dev.estuary.adapter.californium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.SerialExecutor;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CallerRunsExecutorTest {

    @Test
    void execute_runs_the_task_on_the_calling_thread_and_survives_its_failure() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        CallerRunsExecutor stage = new CallerRunsExecutor(timers);
        try {
            AtomicReference<Thread> ran = new AtomicReference<>();
            stage.execute(() -> ran.set(Thread.currentThread()));
            assertThat(ran.get()).isSameAs(Thread.currentThread());
            stage.execute(() -> {
                throw new IllegalStateException("a failing task"); // logged, not thrown at the receiver thread
            });
        } finally {
            stage.shutdownNow();
        }
    }

    @Test
    void timers_run_on_the_scheduler_and_shutdown_rejects_further_tasks() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        CallerRunsExecutor stage = new CallerRunsExecutor(timers);
        CompletableFuture<Thread> timer = new CompletableFuture<>();
        stage.schedule(() -> timer.complete(Thread.currentThread()), 10, TimeUnit.MILLISECONDS);
        assertThat(timer.get(10, TimeUnit.SECONDS)).isNotSameAs(Thread.currentThread());
        stage.shutdown();
        assertThat(stage.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stage.isTerminated()).isTrue();
        assertThatThrownBy(() -> stage.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void californium_serial_executor_keeps_tasks_in_order_on_top_of_it() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        CallerRunsExecutor stage = new CallerRunsExecutor(timers);
        try {
            SerialExecutor exchange = new SerialExecutor(stage);
            StringBuilder order = new StringBuilder();
            exchange.execute(() -> {
                order.append('a');
                exchange.execute(() -> order.append('c')); // queued behind the running task, not nested
                order.append('b');
            });
            assertThat(order).hasToString("abc");
        } finally {
            stage.shutdownNow();
        }
    }

    @Test
    void tuning_bounds_duplicate_detection_per_device_and_sets_the_receive_buffers() {
        Configuration c = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        CaliforniumTuning.apply(c, 1 << 22);
        assertThat(c.get(CoapConfig.DEDUPLICATOR)).isEqualTo(CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        assertThat(c.get(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES))
                .isEqualTo(CaliforniumTuning.DEDUP_MESSAGES_PER_DEVICE);
        assertThat(c.get(UdpConfig.UDP_RECEIVE_BUFFER_SIZE)).isEqualTo(1 << 22);
        assertThat(c.get(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE)).isEqualTo(1 << 22);
    }
}
