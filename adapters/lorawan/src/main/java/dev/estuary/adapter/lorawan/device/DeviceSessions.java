package dev.estuary.adapter.lorawan.device;

import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device sessions opened lazily, one per device, on the first event that needs one. Work for a device that arrives
 * while its session is opening waits and then runs in arrival order; once open, work runs at once (in call order,
 * so a device's uplinks reach the broker in the order they were handed in). A session that ends (taken over,
 * kicked) is forgotten, and the next event opens a new one.
 */
public final class DeviceSessions {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSessions.class);

    private final AdapterContext context;
    private final Consumer<DeviceSession> onOpen;
    private final ConcurrentHashMap<String, Handle> handles = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /** @param onOpen called once for every newly opened session (to set its downlink handler) */
    public DeviceSessions(AdapterContext context, Consumer<DeviceSession> onOpen) {
        this.context = context;
        this.onOpen = onOpen;
    }

    /**
     * Runs {@code action} with the device's session, opening it with {@code login} first when needed.
     * Completes exceptionally when the session cannot be opened (refused, adapter stopped).
     */
    public <T> CompletionStage<T> with(String kind, String deviceId, Supplier<DeviceLogin> login,
                                       Function<DeviceSession, CompletionStage<T>> action) {
        if (stopped) {
            return CompletableFuture.failedFuture(new IllegalStateException("LoRaWAN adapter stopped"));
        }
        String key = kind + ":" + deviceId;
        Handle h = handles.get(key);
        if (h == null) {
            Handle created = new Handle(key);
            h = handles.putIfAbsent(key, created);
            if (h == null) {
                h = created;
                // opened outside the map's lock: the open may complete (and remove the handle) synchronously
                created.open(login.get());
            }
        }
        return h.run(action);
    }

    /** The open session of a device, if any. */
    public Optional<DeviceSession> open(String kind, String deviceId) {
        Handle h = handles.get(kind + ":" + deviceId);
        return h == null ? Optional.empty() : Optional.ofNullable(h.session());
    }

    /** Closes every session; later calls fail. */
    public void closeAll(String reason) {
        stopped = true;
        for (Handle h : handles.values()) {
            DeviceSession s = h.session();
            if (s != null) {
                s.close(reason);
            }
        }
        handles.clear();
    }

    public int size() {
        return handles.size();
    }

    /** One device: its session once open, and the work waiting for it. */
    private final class Handle {
        private final String key;
        private DeviceSession session;
        private Throwable failure;
        private List<Consumer<DeviceSession>> waiting = new ArrayList<>();

        Handle(String key) {
            this.key = key;
        }

        synchronized DeviceSession session() {
            return session;
        }

        void open(DeviceLogin login) {
            java.util.concurrent.CompletionStage<DeviceSession> opening;
            try {
                opening = context.openDevice(login);
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            opening.whenComplete((s, err) -> {
                if (err != null) {
                    failed(err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                            ? err.getCause() : err);
                    return;
                }
                if (stopped) {
                    s.close("adapter stopped");
                    failed(new IllegalStateException("LoRaWAN adapter stopped"));
                    return;
                }
                s.onClosed(reason -> handles.remove(key, this));
                try {
                    onOpen.accept(s);
                } catch (RuntimeException e) {
                    LOG.error("setting up device session {} failed", key, e);
                }
                opened(s);
            });
        }

        private void opened(DeviceSession s) {
            synchronized (this) {
                session = s;
                for (Consumer<DeviceSession> w : waiting) {
                    w.accept(s);
                }
                waiting = null;
            }
        }

        private void failed(Throwable t) {
            handles.remove(key, this);
            LOG.info("device {} could not be opened: {}", key, t.getMessage());
            synchronized (this) {
                failure = t;
                for (Consumer<DeviceSession> w : waiting) {
                    w.accept(null);
                }
                waiting = null;
            }
        }

        <T> CompletionStage<T> run(Function<DeviceSession, CompletionStage<T>> action) {
            CompletableFuture<T> out = new CompletableFuture<>();
            Consumer<DeviceSession> job = s -> {
                if (s == null) {
                    out.completeExceptionally(failure);
                    return;
                }
                try {
                    action.apply(s).whenComplete((v, e) -> {
                        if (e != null) {
                            out.completeExceptionally(e);
                        } else {
                            out.complete(v);
                        }
                    });
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            };
            synchronized (this) {
                if (session != null) {
                    job.accept(session);
                } else if (failure != null) {
                    out.completeExceptionally(failure);
                } else {
                    waiting.add(job);
                }
            }
            return out;
        }
    }
}
