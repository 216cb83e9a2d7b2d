package dev.estuary.core.persist;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One file of the durable state being written: a snapshot or a log. It starts with a 32-byte header (magic naming
 * the kind, format version, generation, creation time, CRC-32C of the header) followed by frames: body length
 * (4 bytes), CRC-32C of the body (4 bytes), and the body (write time in ms, 8 bytes, then records). A frame is
 * the unit of atomicity: recovery keeps whole frames whose checksum matches and stops at the first that does not.
 */
final class LogFile implements Closeable {
    static final int HEADER_SIZE = 32;
    static final int FRAME_HEADER = 8;
    static final int FORMAT_VERSION = 1;
    /** Largest frame body accepted when reading, so a damaged length cannot make recovery allocate gigabytes. */
    static final int MAX_FRAME = 1 << 30;

    /** What a file holds. */
    enum Kind {
        SNAPSHOT("ESTYSNAP"), LOG("ESTYLOG\0");

        final byte[] magic;

        Kind(String magic) {
            this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private long size;

    private LogFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Creates a new file with its header, synced. */
    static LogFile create(Path path, Kind kind, long generation, long nowMillis) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer h = header(kind, generation, nowMillis);
            while (h.hasRemaining()) {
                ch.write(h);
            }
            ch.force(true);
            return new LogFile(path, ch, HEADER_SIZE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static ByteBuffer header(Kind kind, long generation, long nowMillis) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
        h.put(kind.magic).putInt(FORMAT_VERSION).putLong(generation).putLong(nowMillis);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, HEADER_SIZE - 4);
        h.putInt((int) crc.getValue());
        h.flip();
        return h;
    }

    /** Starts a frame in {@code out}: room for the frame header, then the write time. */
    static void beginFrame(Encoder out, long nowMillis) {
        out.reset();
        out.i32(0).i32(0).i64(nowMillis);
    }

    /** Whether {@code out} holds any record after the frame's write time. */
    static boolean hasRecords(Encoder out) {
        return out.size() > FRAME_HEADER + 8;
    }

    /** Fills in the frame header (length and checksum of the body). */
    static void endFrame(Encoder out) {
        int len = out.size() - FRAME_HEADER;
        CRC32C crc = new CRC32C();
        crc.update(out.array(), FRAME_HEADER, len);
        out.putI32(0, len);
        out.putI32(4, (int) crc.getValue());
    }

    /**
     * Appends a finished frame (not synced). On failure the file is cut back to where the frame started, so a
     * retry does not leave half a frame in the middle.
     */
    void append(Encoder frame) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(frame.array(), 0, frame.size());
        long start = size;
        try {
            while (b.hasRemaining()) {
                channel.write(b, size + b.position());
            }
        } catch (IOException e) {
            try {
                channel.truncate(start);
            } catch (IOException ignored) {
                // the next append overwrites from start anyway: we write at explicit positions
            }
            throw e;
        }
        size += frame.size();
    }

    /** Makes what was appended durable (fdatasync). */
    void sync() throws IOException {
        channel.force(false);
    }

    long size() {
        return size;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
