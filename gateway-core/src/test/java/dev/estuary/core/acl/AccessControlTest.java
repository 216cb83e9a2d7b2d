package dev.estuary.core.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.estuary.core.StartupException;
import dev.estuary.core.auth.AuthResult;
import dev.estuary.core.auth.ClientAuthorizer;
import dev.estuary.core.auth.PasswordHasher;
import dev.estuary.core.auth.SqliteUserStore;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectRequest;
import dev.estuary.core.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@Timeout(30)
class AccessControlTest {
    private static final AuthConfig FAST = AuthConfig.DEFAULTS.withPasswordHashIterations(1000)
            .withReloadInterval(Duration.ofMillis(50));

    @TempDir
    Path dir;
    private Path file;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessControl.class);

    @BeforeEach
    void setUp() {
        file = dir.resolve("data/estuary.db");
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logs);
    }

    private static ConnectRequest login(String user, String password) {
        ClientInfo c = AclEngineTest.client("c-" + user, user, "127.0.0.1");
        return ConnectRequest.simple(c, password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    /** A second connection to the same file, as the CLI opens it. */
    private Database cli() {
        return Database.open(file);
    }

    @Test
    void a_missing_database_is_created_and_an_empty_one_falls_back_to_the_settings() {
        try (AccessControl ac = AccessControl.open(file, FAST, Clock.systemUTC())) {
            assertThat(file).exists();
            assertThat(ac.authenticator().authenticate(login(null, null)).join().allowed()).isTrue();
            assertThat(ac.authorizer().forClient(AclEngineTest.client("c", null, "10.0.0.1")).canPublish("a"))
                    .isTrue();
        }
        try (AccessControl ac = AccessControl.open(file, FAST.withAllowAnonymous(false).withAclNomatch("deny"),
                Clock.systemUTC())) {
            assertThat(ac.authenticator().authenticate(login(null, null)).join().allowed()).isFalse();
            assertThat(ac.authorizer().forClient(AclEngineTest.client("c", null, "10.0.0.1")).canPublish("a"))
                    .isFalse();
        }
    }

    @Test
    void defaults_log_a_loud_warning_naming_the_settings_to_change() {
        AccessControl.open(file, AuthConfig.DEFAULTS, Clock.systemUTC()).close();
        List<String> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("SECURITY", "auth.allow_anonymous: false"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("SECURITY", "auth.acl_nomatch: deny"));
    }

    @Test
    void a_mountpoint_with_unprefixed_device_rules_warns_about_each_rule_and_prefixed_rules_do_not() {
        try (AccessControl ac = AccessControl.open(file, FAST, Clock.systemUTC())) {
            assertThat(ac.warnAboutMountpoint("")).isZero();
            // the default device rules (the default $SYS rules name no devices/ topic)
            long deviceRules = ac.acl().list().stream()
                    .filter(r -> r.topics().stream().anyMatch(t -> t.filter().startsWith("devices/"))).count();
            assertThat(deviceRules).isEqualTo(5);
            assertThat(ac.warnAboutMountpoint("tenant-a/")).isEqualTo((int) deviceRules);
            assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("devices.mountpoint is 'tenant-a/'", "{deny, {adapter, \"*\"}, all, [\"devices/#\"]}"));
            ac.acl().replaceAll(AclConf.parse(
                    "{allow, {adapter, \"*\"}, publish, [\"tenant-a/devices/%a/%d/up/#\"]}."));
            assertThat(ac.warnAboutMountpoint("tenant-a/")).isZero();
        }
    }

    @Test
    void production_settings_with_users_log_no_security_warning() {
        try (Database db = cli()) {
            new SqliteUserStore(db, Clock.systemUTC()).add("admin", "x", true);
        }
        AccessControl.open(file, AuthConfig.DEFAULTS.withAllowAnonymous(false).withAclNomatch("deny"),
                Clock.systemUTC()).close();
        assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.WARN);
    }

    @Test
    void users_added_and_changed_by_another_process_take_effect_without_restart() {
        PasswordHasher hasher = new PasswordHasher(1000);
        try (AccessControl ac = AccessControl.open(file, FAST.withAllowAnonymous(false), Clock.systemUTC());
             Database cli = cli()) {
            assertThat(ac.authenticator().authenticate(login("dave", "pw1")).join().allowed()).isFalse();
            SqliteUserStore users = new SqliteUserStore(cli, Clock.systemUTC());
            users.add("dave", hasher.hash("pw1".getBytes(StandardCharsets.UTF_8)), false);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ac.authenticator().authenticate(login("dave", "pw1")).join().allowed());
            users.setPassword("dave", hasher.hash("pw2".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !ac.authenticator().authenticate(login("dave", "pw1")).join().allowed());
            assertThat(ac.authenticator().authenticate(login("dave", "pw2")).join())
                    .isEqualTo(AuthResult.allow("dave", false));
            users.delete("dave");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !ac.authenticator().authenticate(login("dave", "pw2")).join().allowed());
        }
    }

    @Test
    void rules_changed_by_another_process_reach_connected_clients_without_restart() {
        try (AccessControl ac = AccessControl.open(file, FAST, Clock.systemUTC()); Database cli = cli()) {
            ClientAuthorizer connected = ac.authorizer().forClient(AclEngineTest.client("c", "eve", "10.0.0.1"));
            assertThat(connected.canPublish("secret/x")).isTrue();
            new SqliteAclStore(cli).add(AclConf.parseRule("{deny, {user, \"eve\"}, publish, [\"secret/#\"]}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !connected.canPublish("secret/x"));
            assertThat(connected.canPublish("public/x")).isTrue();
        }
    }

    @Test
    void refresh_applies_changes_at_once() {
        try (AccessControl ac = AccessControl.open(file, FAST.withReloadInterval(Duration.ofHours(1)),
                Clock.systemUTC()); Database cli = cli()) {
            int before = ac.authorizer().rules().size();
            new SqliteAclStore(cli).add(AclConf.parseRule("{deny, all}"));
            ac.refresh();
            assertThat(ac.authorizer().rules()).hasSize(before + 1);
            assertThat(ac.authorizer().rules().get(before).toString()).isEqualTo("{deny, all}");
        }
    }

    @Test
    void an_invalid_rule_written_while_running_keeps_the_previous_rules_in_force() {
        try (AccessControl ac = AccessControl.open(file, FAST.withReloadInterval(Duration.ofHours(1)),
                Clock.systemUTC()); Database cli = cli()) {
            new SqliteAclStore(cli).replaceAll(List.of());
            AclRule deny = new SqliteAclStore(cli).add(AclConf.parseRule("{deny, all, publish, [\"a\"]}"));
            ac.refresh();
            cli.write(c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("UPDATE acl_rules SET action = 'publish', permission = 'allow', "
                            + "who_kind = 'ipaddr', who_value = 'bogus' WHERE id = " + deny.id());
                }
            });
            ac.refresh();
            assertThat(ac.authorizer().rules()).extracting(AclRule::permission).containsExactly(Permission.DENY);
            assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.ERROR
                    && e.getFormattedMessage().contains("previous rules stay in force"));
        }
    }

    @Test
    void an_invalid_rule_in_the_database_stops_startup() {
        try (Database cli = cli()) {
            AclRule r = new SqliteAclStore(cli).add(AclConf.parseRule("{allow, all}"));
            cli.write(c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("UPDATE acl_rules SET who_kind = 'ipaddr', who_value = '999.1.1.1' "
                            + "WHERE id = " + r.id());
                }
            });
        }
        assertThatThrownBy(() -> AccessControl.open(file, FAST, Clock.systemUTC()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("999.1.1.1");
    }

    @Test
    void a_corrupt_database_stops_startup_with_the_file_name() throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        assertThatThrownBy(() -> AccessControl.open(file, FAST, Clock.systemUTC()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining(file.toAbsolutePath().normalize().toString())
                .hasMessageContaining("refusing to start");
    }
}
