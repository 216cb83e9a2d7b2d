package dev.estuary.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who may reach the management API: never anyone without credentials, on any address. */
@Timeout(30)
class ManagementExposureTest {
    @TempDir
    Path dir;

    @Test
    void on_every_interface_the_api_still_needs_credentials() {
        try (OpsGateway gw = OpsGateway.start(dir, "management:\n  bind: 0.0.0.0:0\n")) {
            assertThat(gw.call("GET", "/api/v1/status", null, null).status()).isEqualTo(401);
            assertThat(gw.call("GET", "/api/v1/clients", null, null).status()).isEqualTo(401);
            assertThat(gw.call("POST", "/api/v1/publish", "{\"topic\": \"x\"}", null).status()).isEqualTo(401);
            assertThat(gw.call("GET", "/metrics", null, null).status()).isEqualTo(401);
            assertThat(gw.call("GET", "/api/v1/status", null, "local:guess").status()).isEqualTo(401);
            assertThat(gw.get("/api/v1/status").status()).isEqualTo(200);
        }
    }

    @Test
    void the_local_key_file_is_readable_by_the_owner_only() throws Exception {
        try (OpsGateway gw = OpsGateway.start(dir, "")) {
            Path file = gw.gateway().dataDir().resolve("api_key");
            assertThat(Files.readString(file).trim()).startsWith("local:");
            assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void metrics_can_be_opened_to_scrapers_while_the_api_stays_closed() {
        try (OpsGateway gw = OpsGateway.start(dir, "management:\n  bind: 127.0.0.1:0\n  metrics_auth: false\n")) {
            assertThat(gw.call("GET", "/metrics", null, null).status()).isEqualTo(200);
            assertThat(gw.call("GET", "/api/v1/status", null, null).status()).isEqualTo(401);
        }
    }

    @Test
    void a_disabled_api_binds_nothing() {
        try (OpsGateway gw = OpsGateway.start(dir, "management:\n  enabled: false\n  local_key_file: false\n")) {
            assertThat(gw.gateway().managementPort()).isEqualTo(-1);
        }
    }
}
