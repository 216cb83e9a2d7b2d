package dev.estuary.core.testing;

import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.session.ClientConnection;
import dev.estuary.core.session.Lane;
import dev.estuary.core.session.OutboundPublish;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ClientConnection} that records what the session writes to it. Writability and the client's maximum
 * packet size are settable; {@link #packetSize} approximates the encoded PUBLISH size (fixed header, topic,
 * packet id, payload; properties ignored).
 */
public final class FakeConnection implements ClientConnection {
    private final Lane lane;
    private final List<OutboundPublish> publishes = new ArrayList<>();
    private final List<Integer> pubrels = new ArrayList<>();
    private final List<Disconnect> closes = new ArrayList<>();
    private int flushes;
    private boolean writable = true;
    private long maxPacketSize;

    public FakeConnection(Lane lane) {
        this.lane = lane;
    }

    @Override
    public Lane lane() {
        return lane;
    }

    @Override
    public boolean sendPublish(OutboundPublish publish) {
        if (maxPacketSize > 0 && packetSize(publish) > maxPacketSize) {
            return false;
        }
        publishes.add(publish);
        return true;
    }

    /** Approximate encoded size of a PUBLISH (without properties). */
    public static int packetSize(OutboundPublish p) {
        int body = 2 + p.message().topic().getBytes(StandardCharsets.UTF_8).length
                + (p.qos() > 0 ? 2 : 0) + p.message().payload().length;
        return 1 + (body < 128 ? 1 : body < 16384 ? 2 : 3) + body;
    }

    @Override
    public void sendPubrel(int packetId) {
        pubrels.add(packetId);
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close(Disconnect disconnect) {
        closes.add(disconnect);
    }

    public void setWritable(boolean w) {
        writable = w;
    }

    /** The client's Maximum Packet Size; 0 means no limit. */
    public void setMaxPacketSize(long max) {
        maxPacketSize = max;
    }

    public List<OutboundPublish> publishes() {
        return publishes;
    }

    /** The PUBLISHes written so far, and forgets them. */
    public List<OutboundPublish> takePublishes() {
        List<OutboundPublish> out = new ArrayList<>(publishes);
        publishes.clear();
        return out;
    }

    /** Payloads of the PUBLISHes written so far, as UTF-8 text. */
    public List<String> payloads() {
        List<String> out = new ArrayList<>();
        for (OutboundPublish p : publishes) {
            out.add(new String(p.message().payload(), StandardCharsets.UTF_8));
        }
        return out;
    }

    public List<Integer> pubrels() {
        return pubrels;
    }

    public List<Disconnect> closes() {
        return closes;
    }

    public boolean closed() {
        return !closes.isEmpty();
    }

    public int flushes() {
        return flushes;
    }
}
