package dev.estuary.adapter.tcp.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The keep-alive clock (spec §6.5, §6.7): it runs on complete frames; it is held while reading is paused for the
 * broker's sake, but not while reading is paused because the device does not read what the gateway writes (such a
 * device must not keep its connection forever).
 */
@Timeout(10)
class IdleTimerTest {
    private static final long TIMEOUT_MILLIS = 50;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicBoolean expired = new AtomicBoolean();
    private final IdleTimer timer = new IdleTimer(channel, () -> expired.set(true));

    @AfterEach
    void close() {
        timer.stop();
        channel.finishAndReleaseAll();
    }

    private boolean expiredAfterRunningTimers() {
        channel.runScheduledPendingTasks();
        return expired.get();
    }

    /** The one bounded wait: proves the timer did not fire for a while (many timeouts long). */
    private void assertNoExpiryWithin(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            assertThat(expiredAfterRunningTimers()).isFalse();
            Thread.onSpinWait();
        }
    }

    @Test
    void expires_when_no_frame_arrives() {
        timer.start(TIMEOUT_MILLIS);
        await().atMost(Duration.ofSeconds(5)).until(this::expiredAfterRunningTimers);
    }

    @Test
    void frames_keep_it_from_expiring() {
        timer.start(TIMEOUT_MILLIS);
        long end = System.nanoTime() + Duration.ofMillis(4 * TIMEOUT_MILLIS).toNanos();
        while (System.nanoTime() < end) {
            timer.touch();
            assertThat(expiredAfterRunningTimers()).isFalse();
        }
        await().atMost(Duration.ofSeconds(5)).until(this::expiredAfterRunningTimers);
    }

    @Test
    void is_held_while_reading_is_paused_for_the_broker() {
        timer.start(TIMEOUT_MILLIS);
        channel.config().setAutoRead(false); // back-pressure: the broker is busy, the socket is writable
        assertNoExpiryWithin(Duration.ofMillis(6 * TIMEOUT_MILLIS));
        channel.config().setAutoRead(true);
        await().atMost(Duration.ofSeconds(5)).until(this::expiredAfterRunningTimers);
    }

    @Test
    void is_not_held_while_the_device_does_not_read_what_we_write() {
        timer.start(TIMEOUT_MILLIS);
        channel.config().setAutoRead(false);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        await().atMost(Duration.ofSeconds(5)).until(this::expiredAfterRunningTimers);
    }
}
