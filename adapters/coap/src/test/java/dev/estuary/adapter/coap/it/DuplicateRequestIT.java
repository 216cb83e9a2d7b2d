package dev.estuary.adapter.coap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicate detection (RFC 7252 §4.5) with the adapter's per-device deduplicator: a retransmitted CON request (same
 * message id from the same device) is answered again with the first answer and published once; a new message id
 * with the same payload is a new uplink. The requests are raw datagrams, so the retransmission is exactly the same
 * bytes a device would resend.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateRequestIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private CoapTestGateway gw;

    @BeforeAll
    void startGateway(@TempDir Path dir) {
        gw = CoapTestGateway.start(dir);
    }

    @AfterAll
    void stopGateway() {
        if (gw != null) {
            gw.close();
        }
    }

    private byte[] conPost(int mid, String payload) {
        Request post = Request.newPost();
        post.setType(CoAP.Type.CON);
        post.setMID(mid);
        post.setToken(Token.fromProvider(new byte[] {(byte) mid, 7}));
        post.getOptions().setUriPath("up/dup").setUriQuery("c=dup-1");
        post.setPayload(payload);
        post.setDestinationContext(new AddressEndpointContext(InetAddress.getLoopbackAddress(), gw.udpPort()));
        return new UdpDataSerializer().getByteArray(post);
    }

    private static Response receive(DatagramSocket socket) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        byte[] data = java.util.Arrays.copyOf(buf, p.getLength());
        Message m = new UdpDataParser().parseMessage(RawData.inbound(data,
                new AddressEndpointContext((InetSocketAddress) p.getSocketAddress()), false, 0,
                (InetSocketAddress) socket.getLocalSocketAddress()));
        assertThat(m).isInstanceOf(Response.class);
        return (Response) m;
    }

    @Test
    void a_retransmitted_con_request_is_answered_again_and_published_once() throws Exception {
        try (MqttProbe mqtt = new MqttProbe(gw.mqtt().uri(), "dup-app");
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            mqtt.subscribe("devices/coap/dup-1/up/dup");
            socket.setSoTimeout((int) WAIT.toMillis());
            InetSocketAddress gateway = new InetSocketAddress(InetAddress.getLoopbackAddress(), gw.udpPort());
            byte[] first = conPost(4711, "reading-1");

            socket.send(new DatagramPacket(first, first.length, gateway));
            Response answer = receive(socket);
            assertThat(answer.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            assertThat(answer.getMID()).isEqualTo(4711);
            assertThat(mqtt.next("devices/coap/dup-1/up/dup", WAIT).text()).isEqualTo("reading-1");

            socket.send(new DatagramPacket(first, first.length, gateway)); // the device did not get the ACK
            Response again = receive(socket);
            assertThat(again.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            assertThat(again.getMID()).isEqualTo(4711);

            byte[] next = conPost(4712, "reading-1"); // same payload, new message: a new uplink
            socket.send(new DatagramPacket(next, next.length, gateway));
            assertThat(receive(socket).getMID()).isEqualTo(4712);
            assertThat(mqtt.next("devices/coap/dup-1/up/dup", WAIT).text()).isEqualTo("reading-1");
            mqtt.assertNothingWithin("devices/coap/dup-1/up/dup", Duration.ofMillis(500));
        }
    }
}
