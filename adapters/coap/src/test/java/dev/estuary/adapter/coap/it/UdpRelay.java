package dev.estuary.adapter.coap.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A tiny NAT for tests: a client talks to {@link #port()}; the relay forwards its datagrams to the server from an
 * "outside" socket and sends the server's answers back. {@link #rebind()} replaces the outside socket with one on a
 * new port, the way a NAT box forgets a mapping: from then on the server sees the client at a new address, and
 * whatever it still sends to the old one is lost.
 */
final class UdpRelay implements AutoCloseable {
    private final DatagramSocket inside;
    private final InetSocketAddress server;
    private volatile DatagramSocket outside;
    private volatile SocketAddress client;
    private final Thread insideReader;

    UdpRelay(InetSocketAddress server) throws SocketException {
        this.server = server;
        this.inside = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.outside = newOutside();
        this.insideReader = new Thread(this::pumpInside, "udp-relay-inside");
        insideReader.setDaemon(true);
        insideReader.start();
    }

    int port() {
        return inside.getLocalPort();
    }

    /** The port the server currently sees the client on. */
    int outsidePort() {
        return outside.getLocalPort();
    }

    /** The NAT forgets the mapping: the client gets a new outside port. */
    void rebind() throws SocketException {
        DatagramSocket old = outside;
        outside = newOutside();
        old.close();
    }

    private DatagramSocket newOutside() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(() -> pumpOutside(s), "udp-relay-outside-" + s.getLocalPort());
        t.setDaemon(true);
        t.start();
        return s;
    }

    private void pumpInside() {
        byte[] buf = new byte[65535];
        while (!inside.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                inside.receive(p);
                client = p.getSocketAddress();
                outside.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), server));
            } catch (IOException e) {
                // closed, or an outside socket swapped under us: the datagram is lost, as on a real NAT
            }
        }
    }

    private void pumpOutside(DatagramSocket s) {
        byte[] buf = new byte[65535];
        while (!s.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                SocketAddress c = client;
                if (c != null) {
                    inside.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), c));
                }
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        inside.close();
        outside.close();
        insideReader.join(2000);
    }
}
