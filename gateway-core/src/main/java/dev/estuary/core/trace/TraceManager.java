package dev.estuary.core.trace;

import dev.estuary.core.config.TraceConfig;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.hooks.DropReason;
import dev.estuary.core.message.Message;
import dev.estuary.core.routing.InvalidTopicException;
import dev.estuary.core.routing.SubscriptionOptions;
import dev.estuary.core.routing.TopicLimits;
import dev.estuary.core.routing.Topics;
import dev.estuary.core.session.ClientInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces: start and stop them, and write what they match to their files ({@code {trace.dir}/{name}.log}), one
 * timestamped line per packet, message or event. Protocol front doors report packets through
 * {@link #clientLine} and {@link #topicLine} (after a cheap {@link #active()} check); as a broker event listener it
 * adds connects, disconnects and subscriptions, and the messages of clients that have no packets of their own
 * (devices behind adapters, the broker itself). Files are written on one thread of their own, never on the
 * caller's; when that thread falls more than 100000 lines behind, lines are dropped and counted.
 */
public final class TraceManager implements BrokerEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TraceManager.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_PENDING = 100_000;

    private final TraceConfig config;
    private final Path dir;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Trace> traces = new LinkedHashMap<>();
    private volatile Trace[] running = new Trace[0];
    private final LinkedBlockingQueue<Runnable> pending = new LinkedBlockingQueue<>(MAX_PENDING);
    private final LongAdder droppedLines = new LongAdder();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param dir       the folder of the trace files (created when the first trace starts)
     * @param scheduler for traces that stop by themselves after a duration
     */
    public TraceManager(TraceConfig config, Path dir, Clock clock, ScheduledExecutorService scheduler) {
        this.config = config;
        this.dir = dir;
        this.clock = clock;
        this.scheduler = scheduler;
        this.writer = new Thread(this::writeLoop, "estuary-trace");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    // ------------------------------------------------------------------ management

    /**
     * Starts a trace.
     *
     * @param duration how long it runs, or null until stopped
     * @throws IllegalArgumentException for a bad name, target or duration
     * @throws IllegalStateException    when a trace of that name exists or too many are running
     */
    public synchronized TraceInfo start(String name, TraceType type, String target, Duration duration) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("trace name must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("a " + type.label() + " trace needs a non-empty "
                    + (type == TraceType.TOPIC ? "topic filter" : "client id"));
        }
        if (type == TraceType.TOPIC) {
            try {
                Topics.checkFilter(target, TopicLimits.DEFAULT);
            } catch (InvalidTopicException e) {
                throw new IllegalArgumentException("invalid topic filter: " + e.getMessage());
            }
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive");
        }
        if (traces.containsKey(name)) {
            throw new IllegalStateException("a trace named '" + name + "' exists; delete it first");
        }
        if (running.length >= config.maxTraces()) {
            throw new IllegalStateException(config.maxTraces() + " traces are running (trace.max_traces)");
        }
        long now = clock.millis();
        long ends = duration == null ? 0 : now + duration.toMillis();
        Trace t = new Trace(name, type, target, dir.resolve(name + ".log"), config.maxFileSize().bytes(), now,
                ends);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        submit(() -> {
            try {
                t.open();
                t.write("# trace " + name + " of " + type.label() + " " + target + " started at "
                        + Instant.ofEpochMilli(now));
                t.flush();
                opened.complete(null);
            } catch (IOException e) {
                opened.completeExceptionally(e);
            }
        });
        try {
            opened.join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot write trace file " + t.file() + ": " + e.getCause());
        }
        traces.put(name, t);
        running = append(running, t);
        if (duration != null) {
            t.timer = scheduler.schedule(() -> stop(name, "trace ended after " + duration), duration.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("trace '{}' of {} {} started, writing to {}", name, type.label(), target, t.file());
        return t.info();
    }

    /** Stops a running trace; its file stays. Returns false when there is no such trace. */
    public boolean stop(String name) {
        return stop(name, "trace stopped");
    }

    private boolean stop(String name, String why) {
        Trace t;
        synchronized (this) {
            t = traces.get(name);
            if (t == null) {
                return false;
            }
            running = remove(running, t);
            if (t.timer != null) {
                t.timer.cancel(false);
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(() -> {
            try {
                t.close(why + " at " + Instant.ofEpochMilli(clock.millis()));
            } catch (IOException e) {
                LOG.warn("trace '{}': cannot close {}: {}", name, t.file(), e.getMessage());
            }
            done.complete(null);
        });
        done.join();
        LOG.info("trace '{}' stopped", name);
        return true;
    }

    /** Stops a trace if running and deletes its file. Returns false when there is no such trace. */
    public boolean delete(String name) {
        if (!stop(name, "trace deleted")) {
            return false;
        }
        Trace t;
        synchronized (this) {
            t = traces.remove(name);
        }
        try {
            Files.deleteIfExists(t.file());
        } catch (IOException e) {
            LOG.warn("trace '{}': cannot delete {}: {}", name, t.file(), e.getMessage());
        }
        return true;
    }

    /** Every trace, running or stopped, in start order. */
    public synchronized List<TraceInfo> list() {
        List<TraceInfo> out = new ArrayList<>();
        traces.values().forEach(t -> out.add(t.info()));
        return out;
    }

    /** One trace, or null. */
    public synchronized TraceInfo get(String name) {
        Trace t = traces.get(name);
        return t == null ? null : t.info();
    }

    /** The file of a trace (whether or not it still runs), or null. */
    public synchronized Path file(String name) {
        Trace t = traces.get(name);
        return t == null ? null : t.file();
    }

    /** Waits until every line reported so far is in the files (tests, and the API before reading a file). */
    public void sync() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        submit(() -> {
            flushAll(); // lines queued before this task are written; make them readable before answering
            f.complete(null);
        });
        f.join();
    }

    /** Lines dropped because the writer fell behind. */
    public long droppedLines() {
        return droppedLines.sum();
    }

    // ------------------------------------------------------------------ reporting (any thread)

    /** Whether any trace runs: protocol layers check this before formatting anything. */
    public boolean active() {
        return running.length != 0;
    }

    /** Whether a running trace follows this client id. */
    public boolean tracesClient(String clientId) {
        for (Trace t : running) {
            if (t.matchesClient(clientId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a running trace follows a topic filter matching {@code topic}. */
    public boolean tracesTopic(String topic) {
        for (Trace t : running) {
            if (t.matchesTopic(topic)) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code text} to the traces of {@code clientId}. */
    public void clientLine(String clientId, String text) {
        for (Trace t : running) {
            if (t.matchesClient(clientId)) {
                line(t, clientId, text);
            }
        }
    }

    /** Writes {@code text} to the traces whose filter matches {@code topic} (for a packet of {@code clientId}). */
    public void topicLine(String clientId, String topic, String text) {
        for (Trace t : running) {
            if (t.matchesTopic(topic)) {
                line(t, clientId, text);
            }
        }
    }

    private void line(Trace t, String clientId, String text) {
        String line = Instant.ofEpochMilli(clock.millis()) + " [" + clientId + "] " + text;
        submit(() -> {
            try {
                t.write(line);
            } catch (IOException e) {
                LOG.warn("trace '{}': cannot write {}: {}", t.name(), t.file(), e.getMessage());
            }
        });
    }

    // ------------------------------------------------------------------ broker events

    private static boolean viaMqtt(ClientInfo c) {
        return c != null && "mqtt".equals(c.protocol());
    }

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        if (active()) {
            clientLine(client.clientId(), "CONNECTED " + describe(client) + " session_present=" + sessionPresent);
        }
    }

    @Override
    public void clientDisconnected(ClientInfo client, Disconnect d) {
        if (active()) {
            clientLine(client.clientId(), "DISCONNECTED reason=" + d.reason().label()
                    + (d.reasonCode() >= 0 ? String.format(" reason_code=0x%02X", d.reasonCode()) : "")
                    + (d.detail() == null ? "" : " detail=" + quote(d.detail())));
        }
    }

    @Override
    public void sessionSubscribed(ClientInfo client, String topic, SubscriptionOptions o) {
        if (active() && !viaMqtt(client)) {
            clientLine(client.clientId(), "SUBSCRIBED topic=" + topic + " qos=" + o.qos());
        }
    }

    @Override
    public void messagePublished(ClientInfo publisher, Message m) {
        if (active() && !viaMqtt(publisher)) {
            String from = publisher == null ? "$broker" : publisher.clientId();
            String text = "MESSAGE published " + message(m);
            if (publisher != null) {
                clientLine(from, text);
            }
            topicLine(from, m.topic(), text);
        }
    }

    @Override
    public void messageDelivered(ClientInfo subscriber, Message m, int qos) {
        if (active() && subscriber != null && !viaMqtt(subscriber)) {
            String text = "MESSAGE delivered qos=" + qos + " " + message(m);
            clientLine(subscriber.clientId(), text);
            topicLine(subscriber.clientId(), m.topic(), text);
        }
    }

    @Override
    public void messageDropped(String clientId, Message m, DropReason reason) {
        if (active() && clientId != null) {
            clientLine(clientId, "DROPPED reason=" + reason.label() + " " + message(m));
        }
    }

    private String describe(ClientInfo c) {
        return "protocol=" + c.protocol() + (c.protocolVersion() > 0 ? " version=" + c.protocolVersion() : "")
                + " address=" + c.ip() + " listener=" + c.listener()
                + (c.username() == null ? "" : " username=" + quote(c.username()))
                + (c.adapter() == null ? "" : " adapter=" + c.adapter());
    }

    /** A message in one line: topic, QoS, retain, payload (cut at {@code trace.max_payload}). */
    public String message(Message m) {
        return "topic=" + m.topic() + " qos=" + m.qos() + " retain=" + m.retain() + " " + payload(m.payload());
    }

    /** A payload as {@code payload_size=N payload="text"} or {@code payload_hex=...}, cut at the limit. */
    public String payload(byte[] p) {
        int limit = (int) Math.min(p.length, config.maxPayload().bytes());
        StringBuilder sb = new StringBuilder("payload_size=").append(p.length);
        if (limit == 0) {
            return sb.toString();
        }
        String text = printableUtf8(p, limit);
        if (text != null) {
            sb.append(" payload=").append(quote(text));
        } else {
            sb.append(" payload_hex=");
            for (int i = 0; i < limit; i++) {
                sb.append(Character.forDigit((p[i] >> 4) & 0xF, 16)).append(Character.forDigit(p[i] & 0xF, 16));
            }
        }
        if (limit < p.length) {
            sb.append(" (cut)");
        }
        return sb.toString();
    }

    private static String printableUtf8(byte[] p, int limit) {
        String s = new String(p, 0, limit, java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\uFFFD' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
                return null;
            }
        }
        return s;
    }

    /** Quotes text for one line: backslash, quote, CR and LF escaped. */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                + "\"";
    }

    // ------------------------------------------------------------------ the writer thread

    private void submit(Runnable task) {
        if (closed || !pending.offer(task)) {
            droppedLines.increment();
        }
    }

    private void writeLoop() {
        List<Runnable> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, 1000);
            for (Runnable r : batch) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("trace writer failed", e);
                }
            }
            batch.clear();
            flushAll();
        }
    }

    private void flushAll() {
        Trace[] now = running;
        for (Trace t : now) {
            try {
                t.flush();
            } catch (IOException e) {
                LOG.warn("trace '{}': cannot flush {}: {}", t.name(), t.file(), e.getMessage());
            }
        }
    }

    private static Trace[] append(Trace[] a, Trace t) {
        Trace[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = t;
        return out;
    }

    private static Trace[] remove(Trace[] a, Trace t) {
        return java.util.Arrays.stream(a).filter(x -> x != t).toArray(Trace[]::new);
    }

    @Override
    public void close() {
        List<String> names;
        synchronized (this) {
            names = running.length == 0 ? List.of() : java.util.Arrays.stream(running).map(Trace::name).toList();
        }
        for (String n : names) {
            stop(n, "gateway stopping");
        }
        closed = true;
        writer.interrupt();
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
