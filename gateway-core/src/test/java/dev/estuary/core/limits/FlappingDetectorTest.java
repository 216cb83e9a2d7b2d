package dev.estuary.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.ban.Ban;
import dev.estuary.core.ban.BanKind;
import dev.estuary.core.ban.BanList;
import dev.estuary.core.config.FlappingConfig;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class FlappingDetectorTest {
    private final ManualClock clock = new ManualClock();
    private final BanList bans = BanList.inMemory(clock);
    private final FlappingDetector detector = new FlappingDetector(
            new FlappingConfig(true, 3, Duration.ofSeconds(10), Duration.ofMinutes(5)), bans, clock);

    private static ClientInfo client(String id) {
        return new ClientInfo(id, null, null, "mqtt", 4, "tcp", null, null, 60, 0, false, false, null);
    }

    private void disconnect(String id, DisconnectReason reason) {
        detector.clientDisconnected(client(id), Disconnect.of(reason, -1, null));
    }

    @Test
    void max_count_disconnects_within_the_window_ban_the_client_id_for_ban_time() {
        disconnect("c1", DisconnectReason.CLOSED_BY_CLIENT);
        clock.advance(Duration.ofSeconds(4));
        disconnect("c1", DisconnectReason.KEEPALIVE_TIMEOUT);
        assertThat(bans.find(client("c1"))).isNull();
        clock.advance(Duration.ofSeconds(4));
        disconnect("c1", DisconnectReason.NORMAL);

        Ban ban = bans.find(client("c1"));
        assertThat(ban).isNotNull();
        assertThat(ban.kind()).isEqualTo(BanKind.CLIENTID);
        assertThat(ban.by()).isEqualTo("flapping");
        assertThat(ban.untilMillis()).isEqualTo(clock.millis() + Duration.ofMinutes(5).toMillis());
        assertThat(bans.find(client("c2"))).isNull();
        assertThat(detector.bannedCount()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(5));
        assertThat(bans.find(client("c1"))).as("expired").isNull();
    }

    @Test
    void disconnects_spread_wider_than_the_window_are_not_flapping() {
        for (int i = 0; i < 10; i++) {
            disconnect("slow", DisconnectReason.CLOSED_BY_CLIENT);
            clock.advance(Duration.ofSeconds(6));
        }
        assertThat(bans.list()).isEmpty();
        assertThat(detector.watched()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        detector.purge();
        assertThat(detector.watched()).isZero();
    }

    @Test
    void shutdown_and_kicks_do_not_count() {
        for (int i = 0; i < 5; i++) {
            disconnect("c1", DisconnectReason.SERVER_SHUTDOWN);
            disconnect("c1", DisconnectReason.KICKED);
        }
        assertThat(bans.list()).isEmpty();
    }
}
