package dev.estuary.adapter.tcp.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Back-pressure (spec §6.7): reading stops at the in-flight limit or when writes back up, resumes at half. */
@Timeout(10)
class UplinkFlowTest {

    @Test
    void reading_stops_at_the_limit_and_resumes_at_half_of_it() {
        EmbeddedChannel ch = new EmbeddedChannel();
        UplinkFlow flow = new UplinkFlow(ch, 4);
        for (int i = 0; i < 3; i++) {
            flow.started();
        }
        assertThat(ch.config().isAutoRead()).isTrue();
        flow.started();
        assertThat(ch.config().isAutoRead()).as("4 in flight").isFalse();

        flow.finished();
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).as("3 in flight: still above half").isFalse();
        flow.finished();
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).as("2 in flight").isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void reading_stops_while_the_peer_does_not_take_our_writes() {
        EmbeddedChannel ch = new EmbeddedChannel();
        UplinkFlow flow = new UplinkFlow(ch, 4);
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        flow.update();
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        flow.update();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void a_detached_flow_no_longer_touches_the_channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        UplinkFlow flow = new UplinkFlow(ch, 1);
        flow.detach();
        flow.started();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }
}
