package dev.estuary.plugin.meter;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A simulated Acme EM-24 meter on a blocking socket. */
final class FakeMeter implements AutoCloseable {
    final String address;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int seq;

    FakeMeter(int port, String address) throws IOException {
        this.address = address;
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(int control, int seq, byte[] data) throws IOException {
        raw(MeterCodec.bytes(new MeterFrame(address, control, seq, data)));
    }

    void raw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    void login(String password) throws IOException {
        byte[] d = new byte[MeterFrame.DATA_LENGTH];
        byte[] pw = password.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(pw, 0, d, 0, Math.min(8, pw.length));
        d[8] = 2;
        d[9] = 1;
        send(MeterFrame.LOGIN, ++seq, d);
    }

    void reading(long wh, int w, int decivolts, int centiamps, boolean relayOn) throws IOException {
        byte[] d = new byte[MeterFrame.DATA_LENGTH];
        d[0] = (byte) (wh >>> 24);
        d[1] = (byte) (wh >>> 16);
        d[2] = (byte) (wh >>> 8);
        d[3] = (byte) wh;
        d[4] = (byte) (w >>> 24);
        d[5] = (byte) (w >>> 16);
        d[6] = (byte) (w >>> 8);
        d[7] = (byte) w;
        d[8] = (byte) (decivolts >>> 8);
        d[9] = (byte) decivolts;
        d[10] = (byte) (centiamps >>> 8);
        d[11] = (byte) centiamps;
        d[12] = (byte) (relayOn ? 1 : 0);
        send(MeterFrame.READING, ++seq, d);
    }

    /** The next frame from the gateway (24 bytes), checked. */
    MeterFrame read() throws IOException {
        byte[] b = new byte[MeterFrame.LENGTH];
        in.readFully(b);
        int sum = 0;
        for (int i = 0; i < 22; i++) {
            sum += b[i] & 0xFF;
        }
        if ((b[0] & 0xFF) != 0x68 || (b[23] & 0xFF) != 0x16 || (sum & 0xFF) != (b[22] & 0xFF)) {
            throw new IOException("malformed frame from the gateway");
        }
        byte[] data = java.util.Arrays.copyOfRange(b, 9, 22);
        return new MeterFrame(address, b[7] & 0xFF, b[8] & 0xFF, data);
    }

    /** Whether the gateway closed the connection (within the socket timeout). */
    boolean closedByGateway() throws IOException {
        try {
            while (in.read() >= 0) {
                // skip
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
