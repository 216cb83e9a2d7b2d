package dev.estuary.core.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.CRC32C;

/**
 * The measurement behind the storage choice in {@code docs/durability.md}: the same stream of durability events
 * (a QoS 1 message stored, queued for one subscriber, sent with a packet id, acknowledged, forgotten) written to
 * SQLite (WAL, one transaction per batch, {@code synchronous=FULL}) and to an append-only log (one CRC-framed
 * write per batch, {@code fdatasync}), for several batch sizes. Not a unit test: run it by hand with
 * {@code mvn -q -pl gateway-core test-compile exec:java} or from an IDE, with an optional folder argument.
 */
public final class StorageChoiceBench {
    private static final int PAYLOAD = 100;

    private StorageChoiceBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of(
                System.getProperty("java.io.tmpdir")), "storage-choice");
        int[] batches = {1, 16, 256, 4096};
        System.out.printf("%-8s %8s %12s %12s %14s%n", "store", "batch", "messages", "msgs/s", "ms/batch");
        for (int batch : batches) {
            int messages = Math.max(2000, Math.min(200_000, batch * 400));
            report("sqlite", batch, messages, sqlite(dir.resolve("b" + batch + ".db"), batch, messages));
            report("log", batch, messages, log(dir.resolve("b" + batch + ".log"), batch, messages));
        }
    }

    private static void report(String store, int batch, int messages, long nanos) {
        double secs = nanos / 1e9;
        System.out.printf("%-8s %8d %12d %12.0f %14.3f%n", store, batch, messages, messages / secs,
                nanos / 1e6 / Math.max(1, messages / batch));
    }

    private static long sqlite(Path file, int batch, int messages) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, topic TEXT, payload BLOB, qos INTEGER, "
                        + "expires INTEGER)");
                st.execute("CREATE TABLE queue (session INTEGER, seq INTEGER, message INTEGER, packet_id INTEGER, "
                        + "released INTEGER, PRIMARY KEY (session, seq))");
            }
            c.setAutoCommit(false);
            byte[] payload = new byte[PAYLOAD];
            long start = System.nanoTime();
            try (PreparedStatement insMsg = c.prepareStatement("INSERT INTO messages VALUES (?, ?, ?, 1, 0)");
                 PreparedStatement insQ = c.prepareStatement("INSERT INTO queue VALUES (1, ?, ?, 0, 0)");
                 PreparedStatement sent = c.prepareStatement("UPDATE queue SET packet_id = ? WHERE session = 1 AND "
                         + "seq = ?");
                 PreparedStatement delQ = c.prepareStatement("DELETE FROM queue WHERE session = 1 AND seq = ?");
                 PreparedStatement delMsg = c.prepareStatement("DELETE FROM messages WHERE id = ?")) {
                // the acknowledgement of message n arrives one batch later, as it would from a real client
                for (int n = 0; n < messages; n++) {
                    insMsg.setLong(1, n);
                    insMsg.setString(2, "sensors/" + (n % 100) + "/temp");
                    insMsg.setBytes(3, payload);
                    insMsg.executeUpdate();
                    insQ.setLong(1, n);
                    insQ.setLong(2, n);
                    insQ.executeUpdate();
                    sent.setInt(1, n % 65535 + 1);
                    sent.setLong(2, n);
                    sent.executeUpdate();
                    int acked = n - batch;
                    if (acked >= 0) {
                        delQ.setLong(1, acked);
                        delQ.executeUpdate();
                        delMsg.setLong(1, acked);
                        delMsg.executeUpdate();
                    }
                    if ((n + 1) % batch == 0) {
                        c.commit();
                    }
                }
                c.commit();
            }
            return System.nanoTime() - start;
        }
    }

    private static long log(Path file, int batch, int messages) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 24);
            byte[] payload = new byte[PAYLOAD];
            CRC32C crc = new CRC32C();
            long start = System.nanoTime();
            buf.position(8);
            for (int n = 0; n < messages; n++) {
                byte[] topic = ("sensors/" + (n % 100) + "/temp").getBytes(StandardCharsets.UTF_8);
                buf.put((byte) 1).putLong(n).putShort((short) topic.length).put(topic).putInt(payload.length)
                        .put(payload).put((byte) 1).putLong(0); // message
                buf.put((byte) 2).putLong(1).putLong(n).putLong(n); // queued
                buf.put((byte) 3).putLong(1).putLong(n).putShort((short) (n % 65535 + 1)); // sent
                if (n - batch >= 0) {
                    buf.put((byte) 4).putLong(1).putShort((short) ((n - batch) % 65535 + 1)); // acknowledged
                }
                if ((n + 1) % batch == 0 || n == messages - 1) {
                    int len = buf.position() - 8;
                    crc.reset();
                    crc.update(buf.array(), 8, len);
                    buf.putInt(0, len).putInt(4, (int) crc.getValue());
                    buf.flip();
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(false);
                    buf.clear();
                    buf.position(8);
                }
            }
            return System.nanoTime() - start;
        }
    }
}
