package dev.estuary.core.adapter;

import dev.estuary.core.ReasonCodes;
import dev.estuary.core.session.ClientInfo;
import dev.estuary.core.session.ConnectRequest;
import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.AdapterMetrics;
import dev.estuary.core.spi.AdapterStore;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceRefusedException;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.PayloadCodecs;
import dev.estuary.core.spi.TopicModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/** One adapter's {@link AdapterContext}. */
final class AdapterContextImpl implements AdapterContext {
    private final AdapterRuntime runtime;
    private final String adapterId;
    private final AdapterConfig config;
    private final AdapterMetrics metrics;
    private final AdapterStore store;

    AdapterContextImpl(AdapterRuntime runtime, String adapterId, AdapterConfig config, AdapterMetrics metrics,
                       AdapterStore store) {
        this.runtime = runtime;
        this.adapterId = adapterId;
        this.config = config;
        this.metrics = metrics;
        this.store = store;
    }

    @Override
    public String adapterId() {
        return adapterId;
    }

    @Override
    public AdapterConfig config() {
        return config;
    }

    @Override
    public CompletionStage<DeviceSession> openDevice(DeviceLogin login) {
        String kind = login.kind() == null ? adapterId : login.kind();
        if (!kind.equals(adapterId) && !kind.startsWith(adapterId + "-")) {
            throw new IllegalArgumentException("device kind '" + kind + "' must be '" + adapterId + "' or start with '"
                    + adapterId + "-'");
        }
        String clientId = kind + ":" + login.deviceId();
        long now = runtime.broker().clock().millis();
        String protocol = login.protocol() == null ? adapterId : login.protocol();
        ClientInfo info = new ClientInfo(clientId, login.username(), login.remoteAddress(), protocol, 0, adapterId,
                kind, login.deviceId(), 0, now, false, false, null);
        DeviceSessionImpl device = new DeviceSessionImpl(runtime, adapterId, kind, login.deviceId(), info,
                login.details());
        long expiry = login.sessionExpirySeconds();
        ConnectRequest req = new ConnectRequest(info, login.password(), expiry == 0, expiry, null, 65535, 0, 0,
                false, true, login.transportAuthentication());
        CompletableFuture<DeviceSession> result = new CompletableFuture<>();
        runtime.broker().connect(req, device).whenComplete((outcome, err) -> {
            if (err != null) {
                runtime.callback(() -> result.completeExceptionally(new DeviceRefusedException(
                        DeviceRefusedException.Reason.UNAVAILABLE, ReasonCodes.SERVER_UNAVAILABLE, err.toString())));
                return;
            }
            if (!outcome.accepted()) {
                DeviceRefusedException refused = new DeviceRefusedException(reason(outcome.reasonCode()),
                        outcome.reasonCode(), "device " + login.deviceId() + " refused: "
                        + ReasonCodes.describe(outcome.reasonCode())
                        + (outcome.reasonString() == null ? "" : " (" + outcome.reasonString() + ")"));
                runtime.callback(() -> result.completeExceptionally(refused));
                return;
            }
            runtime.deviceOpened(device);
            device.attached(outcome.session());
            runtime.callback(() -> result.complete(device));
        });
        return result;
    }

    private static DeviceRefusedException.Reason reason(int code) {
        switch (code) {
            case ReasonCodes.BAD_USERNAME_OR_PASSWORD:
                return DeviceRefusedException.Reason.BAD_CREDENTIALS;
            case ReasonCodes.NOT_AUTHORIZED:
            case ReasonCodes.BANNED:
                return DeviceRefusedException.Reason.NOT_AUTHORIZED;
            case ReasonCodes.CLIENT_IDENTIFIER_NOT_VALID:
                return DeviceRefusedException.Reason.INVALID_ID;
            default:
                return DeviceRefusedException.Reason.UNAVAILABLE;
        }
    }

    @Override
    public TopicModel topics() {
        return runtime.topics();
    }

    @Override
    public PayloadCodecs codecs() {
        return runtime.codecs();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return runtime.scheduler();
    }

    @Override
    public AdapterMetrics metrics() {
        return metrics;
    }

    @Override
    public AdapterStore store() {
        return store;
    }

    @Override
    public Path dataDirectory() {
        Path dir = runtime.dataDir().resolve("adapters").resolve(adapterId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }
}
