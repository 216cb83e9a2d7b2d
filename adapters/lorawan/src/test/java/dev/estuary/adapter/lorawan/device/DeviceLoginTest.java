package dev.estuary.adapter.lorawan.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.adapter.lorawan.testing.Fixtures;
import dev.estuary.adapter.lorawan.testing.LorawanHarness;
import dev.estuary.adapter.lorawan.testing.MutableClock;
import dev.estuary.core.ReasonCodes;
import dev.estuary.core.auth.AuthResult;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRaWAN device sessions log in like MQTT clients: with the gateway refusing them the network server hears 403 and
 * nothing is published; with {@code device_username}/{@code device_password} they get in.
 */
@Timeout(30)
class DeviceLoginTest {
    @TempDir
    Path dir;

    private LorawanHarness harness(ObjectNode config) throws Exception {
        return new LorawanHarness(config, dir, new MutableClock(), null, r -> { }, b -> b.authenticator(req -> {
            String id = req.client().clientId();
            boolean device = id.startsWith("lorawan:");
            boolean ok = !device || ("lorawan".equals(req.client().username()) && req.password() != null
                    && "pw".equals(new String(req.password(), StandardCharsets.UTF_8)));
            return CompletableFuture.completedFuture(ok ? AuthResult.allow(req.client().username(), false)
                    : AuthResult.deny(ReasonCodes.BAD_USERNAME_OR_PASSWORD, "devices log in as lorawan"));
        }));
    }

    @Test
    void a_refused_device_gets_its_network_server_a_403_and_nothing_is_published() throws Exception {
        try (LorawanHarness h = harness(LorawanHarness.chirpstackHttp())) {
            HttpResponse<String> res = h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-up.json"));
            assertThat(res.statusCode()).isEqualTo(403);
            assertThat(res.body()).contains("device refused");
            assertThat(h.metric("publish_failures")).isEqualTo(1);
            HttpResponse<String> again = h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-up.json"));
            assertThat(again.statusCode()).as("not taken for a duplicate: the first was not published").isEqualTo(403);
            assertThat(h.app.received().stream().filter(r -> r.topic().startsWith("devices/lorawan/"))).isEmpty();
        }
    }

    @Test
    void devices_log_in_with_the_configured_credentials() throws Exception {
        ObjectNode c = LorawanHarness.chirpstackHttp().put("device_username", "lorawan").put("device_password", "pw");
        try (LorawanHarness h = harness(c)) {
            assertThat(h.post("/chirpstack?event=up", Fixtures.bytes("chirpstack-v4-up.json")).statusCode())
                    .isEqualTo(200);
            h.app.await("devices/lorawan/0101010101010101/up/1");
        }
    }
}
