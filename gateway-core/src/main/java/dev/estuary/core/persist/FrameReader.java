package dev.estuary.core.persist;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the frames of one {@link LogFile} in order. {@link #next()} returns false at a clean end, and throws
 * {@link Damage} at the first frame that is cut short or fails its checksum: nothing after it is trusted.
 */
final class FrameReader implements Closeable {
    private final Path path;
    private final InputStream in;
    private final long fileSize;
    private final long generation;
    private final LogFile.Kind kind;
    private long offset;
    private byte[] frame = new byte[64 * 1024];
    private int frameLength;
    private long frameTime;

    /** Damage found at {@code offset}: the rest of the file (from there) is not used. */
    static final class Damage extends Exception {
        private static final long serialVersionUID = 1L;
        final long offset;

        Damage(long offset, String message) {
            super(message);
            this.offset = offset;
        }
    }

    /**
     * Opens a file and checks its header.
     *
     * @throws Damage at offset 0 when the header is missing or wrong (not our file, or damaged)
     * @throws NewerFormatException when the file was written by a newer format version
     */
    FrameReader(Path path, LogFile.Kind kind) throws IOException, Damage {
        this.path = path;
        this.kind = kind;
        this.fileSize = Files.size(path);
        this.in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            byte[] h = new byte[LogFile.HEADER_SIZE];
            if (in.readNBytes(h, 0, h.length) < h.length) {
                throw new Damage(0, "file shorter than its " + LogFile.HEADER_SIZE + "-byte header");
            }
            ByteBuffer b = ByteBuffer.wrap(h);
            byte[] magic = new byte[8];
            b.get(magic);
            if (!Arrays.equals(magic, kind.magic)) {
                throw new Damage(0, "header does not start with the " + kind.name().toLowerCase() + " magic");
            }
            int version = b.getInt();
            long gen = b.getLong();
            b.getLong();
            CRC32C crc = new CRC32C();
            crc.update(h, 0, LogFile.HEADER_SIZE - 4);
            if (b.getInt() != (int) crc.getValue()) {
                throw new Damage(0, "header checksum mismatch");
            }
            if (version > LogFile.FORMAT_VERSION) {
                throw new NewerFormatException(path + " was written by a newer Estuary (durable format version "
                        + version + ", this version reads up to " + LogFile.FORMAT_VERSION + "); upgrade Estuary, "
                        + "or move " + path.getParent() + " away to start without the durable state");
            }
            this.generation = gen;
            this.offset = LogFile.HEADER_SIZE;
        } catch (IOException | Damage | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    long generation() {
        return generation;
    }

    LogFile.Kind kind() {
        return kind;
    }

    /** Reads the next frame; false at a clean end of file. */
    boolean next() throws IOException, Damage {
        byte[] h = new byte[LogFile.FRAME_HEADER];
        int n = in.readNBytes(h, 0, h.length);
        if (n == 0) {
            return false;
        }
        if (n < h.length) {
            throw new Damage(offset, "frame header cut short (" + n + " of 8 bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        int len = b.getInt();
        int crc = b.getInt();
        if (len < 8 || len > LogFile.MAX_FRAME || offset + LogFile.FRAME_HEADER + len > fileSize) {
            throw new Damage(offset, len < 8 || len > LogFile.MAX_FRAME ? "frame length " + len + " out of range"
                    : "frame of " + len + " bytes cut short by the end of the file");
        }
        if (frame.length < len) {
            frame = new byte[Math.max(len, frame.length * 2)];
        }
        try {
            if (in.readNBytes(frame, 0, len) < len) {
                throw new EOFException();
            }
        } catch (EOFException e) {
            throw new Damage(offset, "frame of " + len + " bytes cut short by the end of the file");
        }
        CRC32C c = new CRC32C();
        c.update(frame, 0, len);
        if ((int) c.getValue() != crc) {
            throw new Damage(offset, "frame checksum mismatch");
        }
        frameLength = len;
        frameTime = ByteBuffer.wrap(frame, 0, 8).getLong();
        offset += LogFile.FRAME_HEADER + len;
        return true;
    }

    /** The records of the current frame. */
    Decoder records() {
        return new Decoder(frame, 8, frameLength - 8);
    }

    /** When the current frame was written. */
    long frameTime() {
        return frameTime;
    }

    /** The offset just after the last good frame. */
    long offset() {
        return offset;
    }

    long fileSize() {
        return fileSize;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
