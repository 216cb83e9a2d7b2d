package dev.estuary.tools.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.SocketFactory;

/**
 * One simulated device on a blocking socket. A reader thread puts every frame the gateway sends into a queue
 * ({@link #receive}) or hands it to a listener; writes are synchronized, so any thread may send. Used by the
 * simulator and, as an independent peer, by the adapter's tests.
 */
public final class SpecDevice implements AutoCloseable {
    /** Marks the end of the stream in the queue. */
    private static final Object EOF = new Object();

    /**
     * HELLO_ACK (spec §4.2).
     *
     * @param result    the result code (0 accepted)
     * @param keepAlive the keep-alive granted, in seconds
     * @param maxBody   the largest body the gateway accepts
     * @param reason    the reason text
     */
    public record HelloAck(int result, int keepAlive, long maxBody, String reason) {
        public boolean accepted() {
            return result == 0;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final boolean crc;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile Consumer<SpecFrames.Frame> listener;
    private volatile Throwable readError;

    private SpecDevice(Socket socket, boolean crc) throws IOException {
        this.socket = socket;
        this.crc = crc;
        socket.setTcpNoDelay(true);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.reader = new Thread(() -> readLoop(in), "device-reader-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects over plain TCP. */
    public static SpecDevice connect(String host, int port, boolean crc) throws IOException {
        return connect(SocketFactory.getDefault(), host, port, crc);
    }

    /** Connects with a socket factory (e.g. an {@code SSLSocketFactory}). */
    public static SpecDevice connect(SocketFactory factory, String host, int port, boolean crc) throws IOException {
        Socket s = factory.createSocket();
        s.connect(new InetSocketAddress(host, port), 5000);
        return new SpecDevice(s, crc);
    }

    private void readLoop(BufferedInputStream in) {
        java.io.DataInputStream data = new java.io.DataInputStream(in);
        try {
            while (true) {
                SpecFrames.Frame f = SpecFrames.read(data);
                Consumer<SpecFrames.Frame> l = listener;
                if (l != null) {
                    l.accept(f);
                } else {
                    inbox.add(f);
                }
            }
        } catch (EOFException e) {
            // closed by the gateway
        } catch (IOException e) {
            if (!socket.isClosed()) {
                readError = e;
            }
        } finally {
            inbox.add(EOF);
        }
    }

    /** The device's local port (identifies the connection in the gateway's log). */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Hands every further frame to {@code l} (on the reader thread) instead of queueing it. */
    public void onFrame(Consumer<SpecFrames.Frame> l) {
        this.listener = l;
    }

    /** Sends HELLO and waits for HELLO_ACK. */
    public HelloAck hello(String deviceId, String username, String password, int keepAlive, Duration timeout)
            throws IOException, InterruptedException {
        sendHello(deviceId, username, password, keepAlive);
        SpecFrames.Frame f = receive(timeout);
        if (f == null || f.type() != SpecFrames.HELLO_ACK) {
            throw new IOException("expected HELLO_ACK, got " + (f == null ? "nothing" : "type " + f.type()));
        }
        return new HelloAck(f.u8(0), f.u16(1), f.u32(3), f.restText(7));
    }

    public void sendHello(String deviceId, String username, String password, int keepAlive) throws IOException {
        send(SpecFrames.HELLO, 0, SpecFrames.hello(keepAlive, 0, deviceId, username,
                password == null ? null : password.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends an UPLINK (message id 0: no acknowledgement wanted). */
    public void uplink(int messageId, int format, String channel, byte[] payload) throws IOException {
        send(SpecFrames.UPLINK, 0, SpecFrames.uplink(messageId, format, channel, payload));
    }

    /** Queues an UPLINK without flushing (load mode); call {@link #flush()}. */
    public void uplinkBuffered(int messageId, int format, String channel, byte[] payload) throws IOException {
        byte[] frame = SpecFrames.encode(SpecFrames.UPLINK, 0, SpecFrames.uplink(messageId, format, channel, payload),
                crc);
        synchronized (out) {
            out.write(frame);
        }
    }

    public void ack(int messageId, byte[] result) throws IOException {
        send(SpecFrames.ACK, 0, SpecFrames.ack(messageId, result));
    }

    public void nack(int messageId, int reason, String text) throws IOException {
        send(SpecFrames.NACK, 0, SpecFrames.nack(messageId, reason, text));
    }

    public void ping() throws IOException {
        send(SpecFrames.PING, 0, new byte[0]);
    }

    public void goodbye(int reason, String text) throws IOException {
        send(SpecFrames.GOODBYE, 0, SpecFrames.codeAndText(reason, text));
    }

    /** Sends any frame. */
    public void send(int type, int flags, byte[] body) throws IOException {
        writeRaw(SpecFrames.encode(type, flags, body, crc));
    }

    /** Sends raw bytes (hostile-input tests). */
    public void writeRaw(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    public void flush() throws IOException {
        synchronized (out) {
            out.flush();
        }
    }

    /** The next frame from the gateway, or null when none arrives within {@code timeout} or the stream ended. */
    public SpecFrames.Frame receive(Duration timeout) throws InterruptedException {
        Object o = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (o == EOF) {
            inbox.add(EOF);
            return null;
        }
        return (SpecFrames.Frame) o;
    }

    /** Whether the gateway closed the connection within {@code timeout} (frames before the end are skipped). */
    public boolean closedByGateway(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Object o = inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (o == EOF) {
                inbox.add(EOF);
                return true;
            }
        }
        return false;
    }

    /** A read error other than the end of the stream (a framing error in what the gateway sent), or null. */
    public Throwable readError() {
        return readError;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
