package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.TlsConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.session.ClientInfo;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS set-up in {@code docs/listeners.md}, done for real: the documented openssl commands make the
 * certificates, the gateway's own key loading (without BouncyCastle, as deployed) reads them, and OpenSSL-based
 * clients ({@code openssl s_client}, {@code mosquitto_pub}) connect with the documented commands.
 */
@Timeout(120)
class OpensslSetupTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void runTheDocumentedCommands() throws Exception {
        assertThat(Path.of("/usr/bin/openssl")).as("openssl is missing: install the Debian package 'openssl' or run "
                + ".ci/run, which installs it").isExecutable();
        Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", DocSnippets.block("OpensslSetupTest"))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl commands finished").isTrue();
        assertThat(p.exitValue()).as("the documented openssl commands failed:\n%s", out).isZero();
        assertThat(out).contains("server.crt: OK").contains("device-1.crt: OK")
                .contains("DNS:broker.example.com").contains("IP Address:127.0.0.1");
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static String sh(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", command).directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:\n%s", command, out).isZero();
        return out;
    }

    /** Runs {@link TlsKeyProbe} in a JVM whose class path has no BouncyCastle, one line of output per case. */
    private static List<String> loadWithoutBouncyCastle(String... cases) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("bouncycastle"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, TlsKeyProbe.class.getName()));
        cmd.addAll(List.of(cases));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> results = out.lines().filter(l -> l.equals("ok") || l.startsWith("error: "))
                .collect(Collectors.toList());
        assertThat(results).as(out).hasSize(cases.length);
        return results;
    }

    @Test
    void key_formats_are_read_or_refused_with_the_fix_when_deployed_without_bouncycastle() throws Exception {
        sh("openssl genrsa -traditional -out traditional.key 2048 2>/dev/null");
        sh("openssl ecparam -name prime256v1 -genkey -noout -out ec-traditional.key");
        // the documented conversions
        sh("openssl pkcs8 -topk8 -nocrypt -in traditional.key -out converted.key");
        sh("openssl pkcs8 -topk8 -v2 aes-256-cbc -in server.key -out server-encrypted.key -passout pass:change-me");
        String cert = file("server.crt");
        List<String> results = loadWithoutBouncyCastle(
                cert + "," + file("server.key"),                           // what the docs' commands made
                cert + "," + file("traditional.key"),                      // BEGIN RSA PRIVATE KEY
                cert + "," + file("ec-traditional.key"),                   // BEGIN EC PRIVATE KEY
                cert + "," + file("converted.key"),                        // converted as documented
                cert + "," + file("server-encrypted.key") + ",change-me",  // encrypted, with the password
                cert + "," + file("server-encrypted.key"));                // encrypted, no password
        assertThat(results.get(0)).isEqualTo("ok");
        assertThat(results.get(1)).contains("tls.keyfile").contains(file("traditional.key"))
                .contains("openssl pkcs8 -topk8 -nocrypt -in traditional.key");
        assertThat(results.get(2)).contains("tls.keyfile").contains("openssl pkcs8 -topk8 -nocrypt");
        // a converted key of another certificate loads (TLS would fail later, as with any wrong key)
        assertThat(results.get(3)).isEqualTo("ok");
        assertThat(results.get(4)).isEqualTo("ok");
        assertThat(results.get(5)).contains("tls.keyfile").contains("set tls.keyfile_password");
    }

    @Test
    void documented_client_commands_connect_with_mutual_tls_and_the_cn_as_username() throws Exception {
        TlsConfig tls = new TlsConfig(file("server.crt"), file("server.key"), null, file("ca.crt"), "verify_peer",
                true, null, null, null, null, null, true);
        try (ListenerTestServer server = ListenerTestServer.start(tls)) {
            BlockingQueue<ClientInfo> connected = new ArrayBlockingQueue<>(5);
            server.broker().hooks().register(new BrokerEvents() {
                @Override
                public void clientConnected(ClientInfo client, boolean sessionPresent) {
                    connected.add(client);
                }
            });
            int port = server.port(ListenerKind.SSL);
            MosquittoTools.Result pub = MosquittoTools.run("mosquitto_pub", "-h", "localhost", "-p",
                    String.valueOf(port), "--cafile", file("ca.crt"), "--cert", file("device-1.crt"), "--key",
                    file("device-1.key"), "-t", "test", "-m", "hi");
            assertThat(pub.exitCode()).as(pub.output()).isZero();
            ClientInfo client = connected.poll(5, TimeUnit.SECONDS);
            assertThat(client.username()).isEqualTo("device-1");
            assertThat(client.certCommonName()).isEqualTo("device-1");

            String sClient = sh("openssl s_client -connect 127.0.0.1:" + port + " -CAfile ca.crt -verify_hostname "
                    + "localhost -cert device-1.crt -key device-1.key </dev/null 2>&1");
            assertThat(sClient).contains("Verify return code: 0 (ok)");
        }
    }

    @Test
    void documented_server_certificate_without_mutual_tls_works_for_mosquitto_pub() throws Exception {
        TlsConfig tls = new TlsConfig(file("server.crt"), file("server.key"), null, null, null, null, null, null,
                null, null, null, null);
        try (ListenerTestServer server = ListenerTestServer.start(tls)) {
            MosquittoTools.Result pub = MosquittoTools.run("mosquitto_pub", "-h", "localhost", "-p",
                    String.valueOf(server.port(ListenerKind.SSL)), "--cafile", file("ca.crt"), "-t", "test",
                    "-m", "hello");
            assertThat(pub.exitCode()).as(pub.output()).isZero();
            assertThat(server.stats(ListenerKind.SSL).tlsFailures()).isEmpty();
        }
    }
}
