package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Hostile and wrong input: garbage datagrams from a raw socket, unknown critical options, unknown paths, bad query
 * values, oversized payloads, missing identity. Each is answered (with a diagnostic) or dropped with a log line,
 * and the adapter keeps serving. {@code max_payload} is 4 KiB here.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputIT {
    private CoapTestGateway gw;
    private CfClient coap;
    private DatagramSocket raw;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    void startGateway(@TempDir Path dir) {
        gw = CoapTestGateway.builder(dir).config(c -> c.put("max_payload", 4096)).start();
        log.start();
        logger().addAppender(log);
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger("dev.estuary.adapter.coap");
    }

    @AfterAll
    void stopGateway() {
        logger().detachAppender(log);
        if (gw != null) {
            gw.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        coap = new CfClient();
        raw = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        raw.setSoTimeout(5000);
    }

    @AfterEach
    void disconnect() {
        raw.close();
        coap.close();
    }

    private void sendRaw(byte[] datagram) throws Exception {
        raw.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress("127.0.0.1", gw.udpPort())));
    }

    private byte[] receiveRaw() throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        raw.receive(p);
        byte[] out = new byte[p.getLength()];
        System.arraycopy(buf, 0, out, 0, out.length);
        return out;
    }

    private boolean logged(String fragment) {
        synchronized (log) {
            return log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(fragment));
        }
    }

    private void stillServing() {
        Request post = Request.newPost();
        post.setPayload("alive");
        assertThat(coap.send(post, gw.coap("/up?c=survivor")).getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void garbage_datagrams_are_dropped_with_a_log_line_and_the_adapter_keeps_serving() throws Exception {
        long before = gw.metric("malformed");
        sendRaw(new byte[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07}); // version 0
        sendRaw(new byte[] {0x40, 0x01}); // shorter than the 4-byte header
        sendRaw(new byte[] {0x49, 0x01, 0x00, 0x01, 1, 2, 3}); // token length 9 (reserved, RFC 7252 §3)
        sendRaw(new byte[] {0x50, 0x01, 0x00, 0x02, (byte) 0xFF}); // NON GET with a payload marker and no payload
        sendRaw("GET /ps/x HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        await().until(() -> gw.metric("malformed") >= before + 4);
        await().until(() -> logged("malformed CoAP datagram"));
        stillServing();
    }

    @Test
    void an_unknown_critical_option_is_answered_4_02() throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(new byte[] {0x40, 0x01, 0x12, 0x34}); // CON GET, MID 0x1234, no token
        m.write(new byte[] {(byte) 0xB2, 'p', 's'}); // Uri-Path (11) "ps"
        m.write(new byte[] {0x01, 'x'}); // Uri-Path "x" (delta 0: the same option again)
        int delta = 65001 - 11 - 269; // option 65001: odd, so critical (RFC 7252 §5.4.6), and unknown
        m.write(new byte[] {(byte) 0xE1, (byte) (delta >> 8), (byte) delta, 'v'});
        sendRaw(m.toByteArray());
        byte[] answer = receiveRaw();
        assertThat(answer[0] & 0x30).as("ACK").isEqualTo(0x20);
        assertThat(answer[1] & 0xFF).as("4.02 Bad Option: " + new String(answer, StandardCharsets.ISO_8859_1)).isEqualTo(4 << 5 | 2);
        stillServing();
    }

    @Test
    void unknown_paths_and_methods_are_answered_with_a_diagnostic() {
        CoapResponse nope = coap.send(Request.newGet(), gw.coap("/nope/deeper?c=x"));
        assertThat(nope.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(nope.getResponseText()).contains("unknown path /nope/deeper").contains("/ps/{topic}");
        assertThat(coap.send(Request.newGet(), gw.coap("/down/extra?c=x")).getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(coap.send(Request.newGet(), gw.coap("/mqtt?c=x")).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        CoapResponse noTopic = coap.send(Request.newPost(), gw.coap("/ps?c=x"));
        assertThat(noTopic.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(noTopic.getResponseText()).contains("no topic");
        CoapResponse delete = coap.send(Request.newDelete(), gw.coap("/ps/a?c=x"));
        assertThat(delete.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(logged("/nope/deeper from")).isTrue();
        assertThat(coap.send(Request.newGet(), gw.coap("/")).getResponseText()).contains("/mqtt/connection");
        assertThat(coap.send(Request.newGet(), gw.coap("/.well-known/core")).getResponseText()).contains("</ps>");
    }

    @Test
    void bad_query_values_and_topics_are_answered_4_00_with_the_reason() {
        Request post = Request.newPost();
        post.setPayload("x");
        CoapResponse qos = coap.send(post, gw.coap("/ps/a?c=x&qos=7"));
        assertThat(qos.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(qos.getResponseText()).isEqualTo("qos must be 0, 1 or 2 (was '7')");
        Request post2 = Request.newPost();
        post2.setPayload("x");
        CoapResponse retain = coap.send(post2, gw.coap("/ps/a?c=x&retain=maybe"));
        assertThat(retain.getResponseText()).contains("retain must be");
        Request post3 = Request.newPost();
        post3.setPayload("x");
        CoapResponse wildcard = coap.send(post3, gw.coap("/ps/a/%2B?c=x"));
        assertThat(wildcard.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        CoapResponse filterGet = coap.send(Request.newGet(), gw.coap("/ps/a/%23?c=x"));
        assertThat(filterGet.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(filterGet.getResponseText()).contains("observe it");
        CoapResponse envelope = coap.send(Request.newGet(), gw.coap("/ps/a?c=x&envelope=xml"));
        assertThat(envelope.getResponseText()).contains("envelope must be json");
        CoapResponse down = coap.send(Request.newGet(), gw.coap("/down?c=x"));
        assertThat(down.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(logged("qos must be 0, 1 or 2")).isTrue();
    }

    @Test
    void a_request_without_identity_is_answered_4_01_with_a_hint() {
        Request post = Request.newPost();
        post.setPayload("x");
        CoapResponse r = coap.send(post, gw.coap("/ps/a"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(r.getResponseText()).contains("clientid");
    }

    @Test
    void oversized_payloads_are_answered_4_13_or_dropped_and_the_adapter_keeps_serving() throws Exception {
        Request big = Request.newPost();
        big.setPayload(new byte[8192]);
        CoapResponse r = coap.send(big, gw.coap("/ps/big?c=x"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);

        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(new byte[] {0x40, 0x02, 0x22, 0x22, (byte) 0xB2, 'p', 's', 0x01, 'y', (byte) 0xFF});
        m.write(new byte[3000]); // one datagram larger than the listener's datagram size: cut, so dropped
        sendRaw(m.toByteArray());
        stillServing();
    }
}
