package dev.estuary.core.ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.auth.Authenticator;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectRequest;
import dev.estuary.core.store.Database;
import dev.estuary.core.testing.ManualClock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class BanListTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private Database db;

    private BanList open() {
        db = Database.open(dir.resolve("estuary.db"));
        return BanList.load(new BanStore(db), Runnable::run, clock);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private static ClientInfo client(String id, String user, String ip) {
        return new ClientInfo(id, user, new InetSocketAddress(ip, 50000), "mqtt", 5, "tcp", null, null, 60, 0, false,
                false, null);
    }

    private Ban ban(BanKind kind, String value, Duration d) {
        return new Ban(kind, value, "test", "api", clock.millis(), d == null ? 0 : clock.millis() + d.toMillis());
    }

    @Test
    void bans_match_by_client_id_username_and_address_block() {
        BanList bans = open();
        bans.add(ban(BanKind.CLIENTID, "bad-client", null)).join();
        bans.add(ban(BanKind.USERNAME, "mallory", null)).join();
        bans.add(ban(BanKind.IPADDR, "10.1.0.0/16", null)).join();

        assertThat(bans.find(client("bad-client", null, "127.0.0.1")).kind()).isEqualTo(BanKind.CLIENTID);
        assertThat(bans.find(client("c", "mallory", "127.0.0.1")).kind()).isEqualTo(BanKind.USERNAME);
        assertThat(bans.find(client("c", null, "10.1.200.3")).kind()).isEqualTo(BanKind.IPADDR);
        assertThat(bans.find(client("c", "alice", "10.2.0.1"))).isNull();
    }

    @Test
    void bans_survive_a_restart_and_expire() {
        BanList bans = open();
        bans.add(ban(BanKind.CLIENTID, "forever", null)).join();
        bans.add(ban(BanKind.CLIENTID, "brief", Duration.ofMinutes(1))).join();
        db.close();

        BanList reopened = open();
        assertThat(reopened.list()).extracting(Ban::value).containsExactlyInAnyOrder("forever", "brief");
        clock.advance(Duration.ofMinutes(1));
        assertThat(reopened.find(client("brief", null, "127.0.0.1"))).isNull();
        assertThat(reopened.list()).extracting(Ban::value).containsExactly("forever");
        assertThat(reopened.purgeExpired()).isEqualTo(1);
        assertThat(new BanStore(db).list()).extracting(Ban::value).containsExactly("forever");
    }

    @Test
    void removing_a_ban_lets_the_client_in_again() {
        BanList bans = open();
        bans.add(ban(BanKind.IPADDR, "192.168.0.7", null)).join();
        assertThat(bans.remove(new Ban.Key(BanKind.IPADDR, "192.168.0.7")).join()).isTrue();
        assertThat(bans.remove(new Ban.Key(BanKind.IPADDR, "192.168.0.7")).join()).isFalse();
        assertThat(bans.find(client("c", null, "192.168.0.7"))).isNull();
        assertThat(new BanStore(db).list()).isEmpty();
    }

    @Test
    void an_address_ban_must_be_an_address_or_block() {
        assertThatThrownBy(() -> ban(BanKind.IPADDR, "example.com", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example.com");
        assertThatThrownBy(() -> BanKind.parse("mac")).hasMessageContaining("clientid, username or ipaddr");
    }

    @Test
    void the_check_refuses_banned_clients_with_0x8a_before_asking_for_credentials() {
        BanList bans = BanList.inMemory(clock);
        bans.add(ban(BanKind.CLIENTID, "bad", null));
        int[] asked = {0};
        Authenticator next = r -> {
            asked[0]++;
            return java.util.concurrent.CompletableFuture.completedFuture(AuthResult.allow(null, false));
        };
        BanCheck check = new BanCheck(bans, next);
        AuthResult refused = check.authenticate(ConnectRequest.simple(client("bad", null, "127.0.0.1"), null)).join();
        assertThat(refused.reasonCode()).isEqualTo(ReasonCodes.BANNED);
        assertThat(refused.detail()).isEqualTo("banned: test");
        assertThat(asked[0]).isZero();
        assertThat(check.authenticate(ConnectRequest.simple(client("good", null, "127.0.0.1"), null)).join()
                .allowed()).isTrue();
        assertThat(asked[0]).isEqualTo(1);
    }
}
