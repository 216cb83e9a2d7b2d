package dev.estuary.adapter.mqtt.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT over WebSocket (MQTT 5.0 §6, 3.1.1 §6) on {@code /mqtt}: real clients (HiveMQ, Paho v3 and v5), and the
 * JDK's own WebSocket client where the test must choose frame boundaries and subprotocols itself.
 */
@Timeout(60)
class WebSocketListenerTest {
    private ListenerTestServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        server = ListenerTestServer.start(TlsConfig.DEFAULTS);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + server.port(ListenerKind.WS) + path);
    }

    // ------------------------------------------------------------------ independent clients

    @Test
    void hivemq_client_over_websocket_exchanges_messages() throws Exception {
        Mqtt3BlockingClient client = Mqtt3Client.builder().identifier("hive-ws").serverHost("127.0.0.1")
                .serverPort(server.port(ListenerKind.WS))
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
        client.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("ws/hive").send();
            client.publishWith().topic("ws/hive").payload("over ws".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt3Publish> got = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("over ws");
            assertThat(server.client("hive-ws").listener()).isEqualTo("ws");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void paho_v3_and_v5_clients_over_websocket_reach_each_other() throws Exception {
        String uri = ws("/mqtt").toString();
        BlockingQueue<String> got = new ArrayBlockingQueue<>(5);
        MqttClient v3 = new MqttClient(uri, "paho3-ws", new MemoryPersistence());
        org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(uri,
                "paho5-ws", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        try {
            MqttConnectOptions o3 = new MqttConnectOptions();
            o3.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            v3.connect(o3);
            v3.subscribe("ws/paho", 1, (t, m) -> got.add("v3 got " + new String(m.getPayload(),
                    StandardCharsets.UTF_8)));
            v5.connect(new MqttConnectionOptions());
            v5.subscribe(new MqttSubscription[] {new MqttSubscription("ws/paho5", 1)},
                    new IMqttMessageListener[] {(t, m) -> got.add("v5 got " + new String(m.getPayload(),
                            StandardCharsets.UTF_8))});
            v5.publish("ws/paho", "from v5".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("v3 got from v5");
            v3.publish("ws/paho5", "from v3".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("v5 got from v3");
        } finally {
            v3.disconnect();
            v3.close();
            v5.disconnect();
            v5.close();
        }
    }

    // ------------------------------------------------------------------ subprotocols and framing (JDK client)

    @ParameterizedTest
    @ValueSource(strings = {"mqtt", "mqttv3.1", "mqttv3.1.1"})
    void each_mqtt_subprotocol_is_accepted_and_confirmed(String subprotocol) throws Exception {
        try (WsPeer peer = WsPeer.open(http, ws("/mqtt"), subprotocol)) {
            assertThat(peer.ws.getSubprotocol()).isEqualTo(subprotocol);
            peer.send(subprotocol.equals("mqttv3.1") ? MqttBytes.connect("MQIsdp", 3, "sp") : MqttBytes.connect("sp"));
            byte[] connack = MqttBytes.read(peer.in);
            assertThat(MqttBytes.type(connack)).isEqualTo(MqttBytes.CONNACK);
            assertThat(connack[3]).as("return code: accepted").isZero();
        }
    }

    @Test
    void mqtt_packets_split_over_several_websocket_messages_are_reassembled() throws Exception {
        try (WsPeer peer = WsPeer.open(http, ws("/mqtt"), "mqtt")) {
            byte[] connect = MqttBytes.connect("split-client");
            peer.send(Arrays.copyOfRange(connect, 0, 1));           // just the packet type
            peer.send(Arrays.copyOfRange(connect, 1, 9));           // length and part of the protocol name
            peer.send(Arrays.copyOfRange(connect, 9, connect.length));
            assertThat(MqttBytes.type(MqttBytes.read(peer.in))).isEqualTo(MqttBytes.CONNACK);
            byte[] subscribe = MqttBytes.subscribe(1, "split/topic", 0);
            peer.send(Arrays.copyOfRange(subscribe, 0, 7));         // cut inside the topic filter
            peer.send(Arrays.copyOfRange(subscribe, 7, subscribe.length));
            assertThat(MqttBytes.type(MqttBytes.read(peer.in))).isEqualTo(MqttBytes.SUBACK);
        }
    }

    @Test
    void a_fragmented_websocket_message_carries_one_mqtt_packet() throws Exception {
        try (WsPeer peer = WsPeer.open(http, ws("/mqtt"), "mqtt")) {
            byte[] connect = MqttBytes.connect("fragmented");
            peer.sendFragment(Arrays.copyOfRange(connect, 0, 5), false);  // binary frame, FIN clear
            peer.sendFragment(Arrays.copyOfRange(connect, 5, 12), false); // continuation frame
            peer.sendFragment(Arrays.copyOfRange(connect, 12, connect.length), true);
            assertThat(MqttBytes.type(MqttBytes.read(peer.in))).isEqualTo(MqttBytes.CONNACK);
        }
    }

    @Test
    void several_mqtt_packets_in_one_websocket_message_are_all_processed() throws Exception {
        try (WsPeer peer = WsPeer.open(http, ws("/mqtt"), "mqtt")) {
            peer.send(MqttBytes.concat(MqttBytes.connect("batch"), MqttBytes.subscribe(7, "batch/t", 0),
                    MqttBytes.publish("batch/t", "in one frame")));
            assertThat(MqttBytes.type(MqttBytes.read(peer.in))).isEqualTo(MqttBytes.CONNACK);
            assertThat(MqttBytes.type(MqttBytes.read(peer.in))).isEqualTo(MqttBytes.SUBACK);
            byte[] publish = MqttBytes.read(peer.in);
            assertThat(MqttBytes.type(publish)).isEqualTo(MqttBytes.PUBLISH);
            assertThat(MqttBytes.publishPayload(publish)).isEqualTo("in one frame");
        }
    }

    @Test
    void a_text_frame_closes_the_connection() throws Exception {
        try (WsPeer peer = WsPeer.open(http, ws("/mqtt"), "mqtt"); LogCapture log = LogCapture.estuary()) {
            peer.send(MqttBytes.connect("texter"));
            assertThat(MqttBytes.type(MqttBytes.read(peer.in))).isEqualTo(MqttBytes.CONNACK);
            peer.ws.sendText("{\"hello\": 1}", true).get(5, TimeUnit.SECONDS);
            assertThat(peer.in.read()).as("connection closed").isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.client("texter") == null);
            assertThat(log.linesContaining("texter")).anySatisfy(l -> assertThat(l).contains("text frame"));
        }
    }

    @Test
    void query_string_on_the_mqtt_path_is_accepted() throws Exception {
        try (WsPeer peer = WsPeer.open(http, ws("/mqtt?token=abc"), "mqtt")) {
            peer.send(MqttBytes.connect("with-query"));
            assertThat(MqttBytes.type(MqttBytes.read(peer.in))).isEqualTo(MqttBytes.CONNACK);
        }
    }

    // ------------------------------------------------------------------ plain HTTP and wrong paths

    @Test
    void websocket_upgrade_on_a_wrong_path_is_refused_with_404() {
        assertThatThrownBy(() -> WsPeer.open(http, ws("/wrong"), "mqtt"))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(404));
    }

    @Test
    void plain_http_get_on_a_wrong_path_gets_404_saying_where_mqtt_is_served() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port(ListenerKind.WS) + "/index.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("MQTT over WebSocket").contains("/mqtt");
    }

    @Test
    void plain_http_get_on_the_mqtt_path_gets_400_asking_for_a_websocket_upgrade() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port(ListenerKind.WS) + "/mqtt")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).containsIgnoringCase("websocket");
    }

    @Test
    void post_on_the_mqtt_path_gets_400() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port(ListenerKind.WS) + "/mqtt")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
    }

    /**
     * A JDK WebSocket whose received binary data reads as one byte stream ({@link #in}), so MQTT packets can be
     * read back whatever frames the server chose.
     */
    static final class WsPeer implements WebSocket.Listener, AutoCloseable {
        final ChunkStream in = new ChunkStream();
        WebSocket ws;

        static WsPeer open(HttpClient http, URI uri, String subprotocol) throws Exception {
            WsPeer peer = new WsPeer();
            peer.ws = http.newWebSocketBuilder().subprotocols(subprotocol).connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, peer).get(10, TimeUnit.SECONDS);
            return peer;
        }

        void send(byte[] whole) throws Exception {
            sendFragment(whole, true);
        }

        void sendFragment(byte[] bytes, boolean last) throws Exception {
            ws.sendBinary(ByteBuffer.wrap(bytes), last).get(5, TimeUnit.SECONDS);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            in.add(b);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            in.end();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            in.end();
        }

        @Override
        public void close() {
            if (ws != null) {
                ws.abort();
            }
        }
    }

    /** An input stream fed with chunks by another thread; reads time out after 5 s instead of hanging. */
    static final class ChunkStream extends InputStream {
        private static final byte[] EOF = new byte[0];
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;

        void add(byte[] b) {
            chunks.add(b);
        }

        void end() {
            chunks.add(EOF);
        }

        @Override
        public int read() throws IOException {
            while (current != EOF && pos >= current.length) {
                try {
                    byte[] next = chunks.poll(5, TimeUnit.SECONDS);
                    if (next == null) {
                        throw new SocketTimeoutException("nothing received within 5 s");
                    }
                    current = next;
                    pos = 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return current == EOF ? -1 : current[pos++] & 0xFF;
        }
    }
}
