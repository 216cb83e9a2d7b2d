package dev.estuary.adapter.lorawan.gwmp;

import dev.estuary.adapter.lorawan.Hex;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A packet forwarder as far as the tests need one: a plain UDP socket writing GWMP v2 datagrams. */
final class GatewayClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final int port;
    private final byte[] eui;
    private int token = 0x1200;

    GatewayClient(int port, String eui) throws Exception {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setSoTimeout(5000);
        this.port = port;
        this.eui = Hex.parse(eui);
    }

    /** Sends {@code identifier} with this gateway's EUI and {@code json}; returns the token used. */
    int send(int identifier, byte[] json) throws Exception {
        return sendWithToken(identifier, ++token, json);
    }

    /** Sends with a given token (a TX_ACK answers the token of its PULL_RESP). */
    int sendWithToken(int identifier, int t, byte[] json) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        out.write(t >>> 8);
        out.write(t & 0xff);
        out.write(identifier);
        out.write(eui);
        out.write(json);
        raw(out.toByteArray());
        return t;
    }

    void raw(byte[] datagram) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram from the server, or null after 5 s. */
    byte[] receive() throws Exception {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buf, p.getLength());
    }

    @Override
    public void close() {
        socket.close();
    }
}
