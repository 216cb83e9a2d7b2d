package dev.estuary.core.webhook;

import dev.estuary.core.config.WebhookEndpointConfig;
import dev.estuary.core.config.WebhooksConfig;
import dev.estuary.core.routing.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver: a bounded queue, a sender thread that takes events from it, at most {@code max_in_flight}
 * requests at once, a timeout per request and retries with doubling back-off. {@link #offer} never blocks: when the
 * queue is full the event is dropped and counted. Failures are counted and logged at most every 10 seconds.
 */
final class WebhookEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);
    private static final long MAX_BACKOFF_MS = 60_000;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final WebhookEndpointConfig config;
    private final WebhooksConfig settings;
    private final URI uri;
    private final HttpClient http;
    private final ScheduledExecutorService retries;
    private final ArrayBlockingQueue<WebhookEvent> queue;
    private final Semaphore permits;
    private final Thread sender;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong unloggedFailures = new AtomicLong();
    private volatile boolean running = true;

    WebhookEndpoint(WebhookEndpointConfig config, WebhooksConfig settings, HttpClient http,
                    ScheduledExecutorService retries, int index) {
        this.config = config;
        this.settings = settings;
        this.uri = URI.create(config.url());
        this.http = http;
        this.retries = retries;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.permits = new Semaphore(settings.maxInFlight());
        this.sender = new Thread(this::run, "estuary-webhook-" + index);
        this.sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    boolean wants(String event) {
        return config.events().contains(event);
    }

    /** Whether a {@code message.*} event on {@code topic} is for this receiver. */
    boolean wantsTopic(String topic) {
        for (String f : config.topics()) {
            if (Topics.matches(f, topic)) {
                return true;
            }
        }
        return false;
    }

    /** Queues an event; never blocks. */
    void offer(WebhookEvent e) {
        if (!running || !queue.offer(e)) {
            dropped.increment();
            failureLog("queue full ({} events): event {} dropped", settings.queueSize(), e.name());
        }
    }

    private void run() {
        while (running) {
            try {
                WebhookEvent e = queue.take();
                permits.acquire();
                send(e, 0);
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException e) {
                LOG.error("webhook {}: sender failed; continuing", config.url(), e);
            }
        }
    }

    private void send(WebhookEvent e, int attempt) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "estuary-webhook")
                .POST(HttpRequest.BodyPublishers.ofByteArray(e.json()));
        config.headers().forEach(req::header);
        http.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
            if (err == null && resp.statusCode() / 100 == 2) {
                sent.increment();
                permits.release();
                return;
            }
            String why = err != null ? String.valueOf(err.getCause() != null ? err.getCause() : err)
                    : "HTTP " + resp.statusCode();
            if (attempt < settings.maxRetries() && running) {
                retried.increment();
                long delay = Math.min(MAX_BACKOFF_MS, settings.retryBackoff().toMillis() << Math.min(attempt, 20));
                try {
                    retries.schedule(() -> send(e, attempt + 1), delay, TimeUnit.MILLISECONDS);
                    return;
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // shutting down: count it as failed below
                }
            }
            failed.increment();
            permits.release();
            failureLog("event {} failed after {} attempts: {}", e.name(), attempt + 1, why);
        });
    }

    private void failureLog(String format, Object... args) {
        unloggedFailures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogNanos.compareAndSet(last, now)) {
            long n = unloggedFailures.getAndSet(0);
            Object[] all = new Object[args.length + 2];
            all[0] = config.url();
            System.arraycopy(args, 0, all, 1, args.length);
            all[all.length - 1] = n;
            LOG.warn("webhook {}: " + format + " ({} failures since the last report)", all);
        }
    }

    WebhookStats stats() {
        return new WebhookStats(config.url(), queue.size(), sent.sum(), failed.sum(), dropped.sum(), retried.sum(),
                settings.maxInFlight() - permits.availablePermits());
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
