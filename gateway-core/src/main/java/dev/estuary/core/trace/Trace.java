package dev.estuary.core.trace;

import dev.estuary.core.routing.Topics;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;

/**
 * One trace: what it matches and its file. The file is written only by the trace writer thread
 * ({@link TraceManager}); the matching methods are called from any thread.
 */
final class Trace {
    private final String name;
    private final TraceType type;
    private final String target;
    private final Path file;
    private final long maxBytes;
    private final long startedAtMillis;
    private final long endsAtMillis;
    private volatile String status = "running";
    private volatile long lines;
    private volatile long bytes;
    private Writer out;
    ScheduledFuture<?> timer;

    Trace(String name, TraceType type, String target, Path file, long maxBytes, long startedAtMillis,
          long endsAtMillis) {
        this.name = name;
        this.type = type;
        this.target = target;
        this.file = file;
        this.maxBytes = maxBytes;
        this.startedAtMillis = startedAtMillis;
        this.endsAtMillis = endsAtMillis;
    }

    String name() {
        return name;
    }

    boolean running() {
        return "running".equals(status);
    }

    boolean matchesClient(String clientId) {
        return type == TraceType.CLIENTID && target.equals(clientId);
    }

    boolean matchesTopic(String topic) {
        return type == TraceType.TOPIC && Topics.matches(target, topic);
    }

    /** Opens the file, truncating an older one of the same name (writer thread). */
    void open() throws IOException {
        Files.createDirectories(file.getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Appends one line (writer thread); stops writing when the file is full. */
    void write(String line) throws IOException {
        if (out == null || !running()) {
            return;
        }
        int size = line.length() + 1;
        if (bytes + size > maxBytes) {
            String note = "# trace file full (" + maxBytes + " bytes): nothing more is written\n";
            out.write(note);
            bytes += note.length();
            status = "full";
            out.flush();
            return;
        }
        out.write(line);
        out.write('\n');
        bytes += size;
        lines++;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Writes a last line and closes the file (writer thread). */
    void close(String why) throws IOException {
        if (running()) {
            status = "stopped";
        }
        if (out == null) {
            return;
        }
        out.write("# " + why + "\n");
        out.close();
        out = null;
    }

    TraceInfo info() {
        return new TraceInfo(name, type, target, status, startedAtMillis, endsAtMillis, lines, bytes,
                file.toString());
    }

    Path file() {
        return file;
    }
}
