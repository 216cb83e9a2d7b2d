package dev.estuary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.core.config.ConfigLoader;
import dev.estuary.server.Gateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A credential added with {@code estuary ADAPTER ...} while the gateway runs is the one the adapter then uses: the
 * gateway runs in-process with one bundled plugin, the CLI writes to the same {@code estuary.db}, and a real device
 * client proves it: a Californium/Scandium DTLS PSK handshake (CoAP), a GWMP PUSH_DATA carrying an ABP frame from
 * the LoRaWAN fixture vectors, a Leshan client registering over DTLS PSK (LwM2M).
 */
@Timeout(90)
class AdapterCredentialsEndToEndIT {
    static final String KEY_HEX = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;
    private Gateway gateway;
    private String cfg;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    private void start(String artifact, String adapterId, String adapterYaml) throws Exception {
        Path plugins = BundledPlugins.copy(dir.resolve("plugins"), artifact);
        cfg = Files.writeString(dir.resolve("estuary.yaml"), "node:\n  data_dir: '" + dir.resolve("data") + "'\n"
                + "  plugins_dir: '" + plugins + "'\n  io_threads: 1\n"
                + "listeners:\n  tcp:\n    bind: 127.0.0.1:0\n  ws:\n    enabled: false\n"
                + "management:\n  enabled: false\n"
                + "adapters:\n  " + adapterId + ":\n" + adapterYaml).toString();
        gateway = new Gateway(new ConfigLoader(Map.of()).load(Path.of(cfg)));
        gateway.start();
        assertThat(gateway.plugins().runningAdapters()).contains(adapterId);
    }

    private int metric(String name) {
        long v = gateway.adapters().metrics().value(name);
        assertThat(v).as(name).isPositive();
        return (int) v;
    }

    private Cli estuary(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "-c";
        all[args.length + 1] = cfg;
        Cli r = Cli.run(all);
        assertThat(r.exitCode()).as("out: %s%nerr: %s", r.out(), r.err()).isEqualTo(ExitCodes.OK);
        return r;
    }

    private MqttWatcher watch(String filter) throws Exception {
        return new MqttWatcher(gateway.mqtt().port(ListenerKind.TCP), filter);
    }

    // --- CoAP ---------------------------------------------------------------------------------------------------

    @Test
    void coap_a_psk_added_with_the_cli_completes_a_dtls_handshake_and_once_deleted_no_longer_does() throws Exception {
        start("gateway-adapter-coap", "coap", "    udp:\n      enabled: false\n    dtls:\n      bind: 127.0.0.1:0\n");
        String uri = "coaps://127.0.0.1:" + metric("estuary_adapter_coap_dtls_port") + "/up/temperature";
        byte[] key = HexFormat.of().parseHex(KEY_HEX);
        estuary("coap", "psk", "add", "sensor-7", "--hex", KEY_HEX);
        try (MqttWatcher app = watch("devices/coap/sensor-7/up/#")) {
            CoapResponse r = dtlsPost("sensor-7", key, uri, "21.5", 10_000);
            assertThat(r).as("DTLS handshake with the key added by the CLI").isNotNull();
            assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(app.next()).isEqualTo("devices/coap/sensor-7/up/temperature 21.5");
        }
        estuary("coap", "psk", "del", "sensor-7");
        // a bounded wait that proves no answer came: the server drops the handshake of an unknown identity
        assertThat(dtlsPost("sensor-7", key, uri, "22.0", 1_500)).isNull();
    }

    /** POSTs over a fresh DTLS connection with one PSK; null when nothing answered within {@code timeoutMs}. */
    private static CoapResponse dtlsPost(String identity, byte[] key, String uri, String payload, long timeoutMs)
            throws Exception {
        Configuration c = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(c).setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key)).build();
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(c).setConnector(new DTLSConnector(dtls))
                .build();
        endpoint.start();
        CoapClient client = new CoapClient();
        client.setEndpoint(endpoint);
        client.setTimeout(timeoutMs);
        try {
            Request post = Request.newPost();
            post.setURI(uri);
            post.setPayload(payload);
            return client.advanced(post);
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }

    // --- LoRaWAN ------------------------------------------------------------------------------------------------

    @Test
    void lorawan_an_abp_frame_from_a_gateway_is_accepted_with_session_keys_added_with_the_cli() throws Exception {
        Map<String, String> v1 = vector("V1");
        start("gateway-adapter-lorawan", "lorawan", "    gwmp:\n      enabled: true\n      bind: 127.0.0.1\n"
                + "      port: 0\n");
        int port = metric("estuary_adapter_lorawan_gwmp_port");
        String devEui = "0102030405060708";
        estuary("lorawan", "abp", "add", devEui, v1.get("devAddr"), v1.get("NwkSKey"), v1.get("AppSKey"));
        byte[] phy = HexFormat.of().parseHex(v1.get("phypayload_hex"));
        try (MqttWatcher app = watch("devices/lorawan/" + devEui + "/up/#");
             DatagramSocket forwarder = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            forwarder.setSoTimeout(10_000);
            byte[] json = ("{\"rxpk\":[{\"tmst\":3512348611,\"chan\":2,\"rfch\":0,\"freq\":868.1,\"stat\":1,"
                    + "\"modu\":\"LORA\",\"datr\":\"SF7BW125\",\"codr\":\"4/5\",\"rssi\":-40,\"lsnr\":9.5,\"size\":"
                    + phy.length + ",\"data\":\"" + Base64.getEncoder().encodeToString(phy) + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream push = new ByteArrayOutputStream();
            push.write(new byte[] {2, 0x12, 0x34, 0}); // GWMP v2, token 0x1234, PUSH_DATA
            push.write(HexFormat.of().parseHex("aa555a0000000101")); // gateway EUI
            push.write(json);
            forwarder.send(new DatagramPacket(push.toByteArray(), push.size(), InetAddress.getLoopbackAddress(), port));
            byte[] ack = new byte[16];
            DatagramPacket in = new DatagramPacket(ack, ack.length);
            forwarder.receive(in);
            assertThat(Arrays.copyOf(ack, in.getLength())).containsExactly(2, 0x12, 0x34, 1); // PUSH_ACK

            String m = app.next();
            assertThat(m).startsWith("devices/lorawan/" + devEui + "/up/1 ");
            assertThat(m).contains("\"fCnt\":2", "\"data\":\"" + Base64.getEncoder().encodeToString(
                    v1.get("expected_plaintext_ascii").getBytes(StandardCharsets.US_ASCII)) + "\"");
        }
        List<String> listed = estuary("lorawan", "abp", "list").out().lines().toList();
        assertThat(listed.get(1).split(" +")).as("the gateway saved the accepted counter").containsExactly(devEui,
                v1.get("devAddr"), "2", "-");
    }

    /** One block of {@code lorawan-phypayload-vectors.txt}: its {@code key: value} lines and the parsed DevAddr. */
    private static Map<String, String> vector(String id) throws IOException {
        Path file = Path.of(System.getProperty("estuary.project.root", "..")).resolve(
                "adapters/lorawan/src/test/resources/fixtures/lorawan-phypayload-vectors.txt");
        Map<String, String> v = new HashMap<>();
        boolean in = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                in = line.startsWith("## " + id + " ");
            } else if (in && line.contains(": ")) {
                String k = line.substring(0, line.indexOf(": ")).trim();
                String value = line.substring(line.indexOf(": ") + 2).trim();
                v.putIfAbsent(k, value.split("\\s+")[0]);
                java.util.regex.Matcher addr = java.util.regex.Pattern.compile("-> DevAddr=([0-9a-f]{8})")
                        .matcher(value);
                if (addr.find()) {
                    v.put("devAddr", addr.group(1));
                }
            }
        }
        assertThat(v).as("vector " + id + " in " + file).containsKeys("phypayload_hex", "NwkSKey", "AppSKey",
                "devAddr", "expected_plaintext_ascii");
        return v;
    }

    // --- LwM2M --------------------------------------------------------------------------------------------------

    @Test
    void lwm2m_a_leshan_client_registers_over_dtls_with_the_psk_added_with_the_cli() throws Exception {
        start("gateway-adapter-lwm2m", "lwm2m", "    coap:\n      host: 127.0.0.1\n      port: 0\n"
                + "    dtls:\n      host: 127.0.0.1\n      port: 0\n");
        String serverUri = "coaps://127.0.0.1:" + metric("estuary_adapter_lwm2m_dtls_port");
        estuary("lwm2m", "psk", "add", "meter-cli", "id-meter-cli", KEY_HEX);
        try (MqttWatcher app = watch("devices/lwm2m/meter-cli/status")) {
            CompletableFuture<String> registered = new CompletableFuture<>();
            LeshanClient client = leshanClient("meter-cli", serverUri, "id-meter-cli",
                    HexFormat.of().parseHex(KEY_HEX), registered);
            try {
                client.start();
                assertThat(registered.get(20, TimeUnit.SECONDS)).isNotBlank();
                String status = app.next();
                while (!status.contains("\"status\":\"online\"")) {
                    status = app.next();
                }
                assertThat(status).contains("\"security\":\"psk\"");
            } finally {
                client.destroy(false);
            }
        }
    }

    private static LeshanClient leshanClient(String endpoint, String serverUri, String identity, byte[] key,
                                             CompletableFuture<String> registered) {
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectLoader.loadDefault()));
        init.setInstancesForObject(0, Security.psk(serverUri, 123, identity.getBytes(StandardCharsets.UTF_8), key));
        init.setInstancesForObject(1, new Server(123, 300));
        init.setInstancesForObject(3, new Device("Acme", "Model-7", "SN-1"));
        LeshanClient client = new LeshanClientBuilder(endpoint).setObjects(init.createAll())
                .setEndpointsProviders(new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider(),
                        new CoapsClientProtocolProvider()).build())
                .build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String id) {
                registered.complete(id);
            }

            @Override
            public void onRegistrationFailure(LwM2mServer server, RegisterRequest request,
                                              org.eclipse.leshan.core.ResponseCode code, String message,
                                              Exception cause) {
                registered.completeExceptionally(new IllegalStateException(code + " " + message, cause));
            }

            @Override
            public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
                registered.completeExceptionally(new IllegalStateException("registration timed out"));
            }
        });
        return client;
    }
}
