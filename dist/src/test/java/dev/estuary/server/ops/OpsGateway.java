package dev.estuary.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.ConfigLoader;
import dev.estuary.core.config.EstuaryConfig;
import dev.estuary.server.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A whole gateway in-process for the operations tests: MQTT on a loopback port 0, the management API on another,
 * no durable state, an empty plugins folder unless the test gives one, and whatever YAML the test adds. Talks to the
 * API over real HTTP with the API key the gateway wrote to {@code data/api_key}.
 */
final class OpsGateway implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Gateway gateway;
    private final Path configFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String credentials;

    /**
     * A running gateway; {@code extraYaml} holds top-level sections other than node and persistence (a listeners or
     * management section replaces the fixture's).
     */
    static OpsGateway start(Path dir, String extraYaml) {
        return start(dir, extraYaml, null);
    }

    static OpsGateway start(Path dir, String extraYaml, Path plugins) {
        try {
            Path pluginsDir = plugins != null ? plugins : Files.createDirectories(dir.resolve("plugins"));
            String yaml = "node:\n  io_threads: 1\n  data_dir: '" + dir.resolve("data") + "'\n  plugins_dir: '"
                    + pluginsDir + "'\n  shutdown_timeout: 2s\n"
                    + (extraYaml.contains("listeners:") ? ""
                            : "listeners:\n  tcp:\n    bind: 127.0.0.1:0\n  ws:\n    enabled: false\n")
                    + "persistence:\n  sync: none\n"
                    + (extraYaml.contains("management:") ? "" : "management:\n  bind: 127.0.0.1:0\n")
                    + extraYaml;
            Path file = Files.writeString(dir.resolve("estuary.yaml"), yaml);
            return new OpsGateway(new ConfigLoader(Map.of()).load(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OpsGateway(EstuaryConfig config, Path configFile) throws IOException {
        this.configFile = configFile;
        this.gateway = new Gateway(config);
        gateway.start();
        Path keyFile = gateway.dataDir().resolve("api_key");
        this.credentials = Files.exists(keyFile) ? Files.readString(keyFile).trim() : null;
    }

    Gateway gateway() {
        return gateway;
    }

    Path configFile() {
        return configFile;
    }

    int mqttPort() {
        return gateway.mqtt().port(ListenerKind.TCP);
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + gateway.managementPort();
    }

    /** {@code name:secret} of the local API key. */
    String credentials() {
        return credentials;
    }

    String node() {
        return gateway.config().node().name();
    }

    /** An HTTP answer: status, body, and the body as JSON when it is JSON. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Answer get(String path) {
        return call("GET", path, null, credentials);
    }

    Answer post(String path, String jsonBody) {
        return call("POST", path, jsonBody, credentials);
    }

    Answer put(String path, String jsonBody) {
        return call("PUT", path, jsonBody, credentials);
    }

    Answer delete(String path) {
        return call("DELETE", path, null, credentials);
    }

    /** Any request; {@code creds} null sends no Authorization header. */
    Answer call(String method, String path, String jsonBody, String creds) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl() + path)).timeout(Duration.ofSeconds(10));
        if (creds != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    creds.getBytes(StandardCharsets.UTF_8)));
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
