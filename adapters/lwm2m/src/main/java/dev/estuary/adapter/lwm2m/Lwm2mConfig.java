package dev.estuary.adapter.lwm2m;

import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adapter's settings ({@code adapters.lwm2m} in {@code estuary.yaml}), read and checked once at start. Every
 * key, its default and meaning is listed in {@code docs/adapters/lwm2m.md}; an unknown key or a bad value stops the
 * adapter with a message naming the key.
 *
 * @param coap             the plain CoAP (UDP) listener
 * @param dtls             the DTLS listener and the server's own credentials
 * @param modelsDir        folder of extra object definitions (DDF XML), or null
 * @param requestTimeout   how long a command waits for the device's answer unless it says otherwise
 * @param maxRequestTimeout the largest {@code "timeout"} a command may ask for
 * @param authTimeout      how long a registration waits for the broker to accept the device session
 * @param cleanupInterval  how often expired registrations are looked for
 * @param queue            queue mode (sleeping devices)
 * @param autoObserve      paths observed on every registration; {@link #ALL_INSTANCES} observes every instance
 * @param offlineReplies   answer commands sent to endpoints that are not registered
 * @param emqx             EMQX compatibility mode
 */
public record Lwm2mConfig(Listener coap, Dtls dtls, Path modelsDir, Duration requestTimeout,
                          Duration maxRequestTimeout, Duration authTimeout, Duration cleanupInterval, Queue queue,
                          List<String> autoObserve, boolean offlineReplies, Emqx emqx) {

    /** The auto-observe entry that means "every object instance the device registers, except /0, /1 and /21". */
    public static final String ALL_INSTANCES = "*";

    private static final Set<String> KEYS = Set.of("coap", "dtls", "models_dir", "request_timeout",
            "max_request_timeout", "auth_timeout", "cleanup_interval", "queue", "auto_observe", "offline_replies",
            "emqx");

    /**
     * A UDP listener.
     *
     * @param enabled whether to open it
     * @param host    the address to bind
     * @param port    the port (0: any free port)
     */
    public record Listener(boolean enabled, String host, int port) {
    }

    /**
     * The DTLS listener and the server's credentials.
     *
     * @param listener          where to listen
     * @param certificate       PEM certificate chain of the server (X.509 mode), or null
     * @param privateKey        PEM (PKCS#8) private key of the server, or null: a key pair is generated and kept in
     *                          the adapter's data folder (raw public key mode)
     * @param publicKey         PEM public key of the server (raw public key mode with {@code privateKey}), or null
     * @param trustedCertificates PEM CA certificates that client certificates must chain to, or null
     */
    public record Dtls(Listener listener, Path certificate, Path privateKey, Path publicKey,
                       Path trustedCertificates) {
    }

    /**
     * Queue mode.
     *
     * @param awakeTime   how long a queue-mode device is considered awake after it was heard from
     * @param maxCommands commands kept per sleeping device; more are refused at once
     * @param expiry      how long a command waits for the device to wake before it is answered with an error
     */
    public record Queue(Duration awakeTime, int maxCommands, Duration expiry) {
    }

    /**
     * EMQX compatibility mode.
     *
     * @param enabled    whether to serve EMQX's topics as well
     * @param mountpoint topic prefix, {@code {endpoint}} replaced by the (encoded) endpoint name
     */
    public record Emqx(boolean enabled, String mountpoint) {
    }

    /** Reads and checks the adapter's configuration subtree. */
    public static Lwm2mConfig from(AdapterConfig c) {
        for (String key : c.asMap().keySet()) {
            if (!KEYS.contains(key)) {
                throw new AdapterConfigException(c.keyPath(key) + ": unknown key (known: " + String.join(", ",
                        KEYS.stream().sorted().toList()) + ")");
            }
        }
        Listener coap = listener(c, "coap", 5783);
        Listener dtlsListener = listener(c, "dtls", 5784);
        AdapterConfig d = c.section("dtls");
        Dtls dtls = new Dtls(dtlsListener, path(d, "certificate"), path(d, "private_key"), path(d, "public_key"),
                path(d, "trusted_certificates"));
        if (dtls.privateKey() != null && dtls.certificate() == null && dtls.publicKey() == null) {
            throw new AdapterConfigException(d.keyPath("public_key") + ": required with " + d.keyPath("private_key")
                    + " unless " + d.keyPath("certificate") + " is set");
        }
        if (dtls.certificate() != null && dtls.privateKey() == null) {
            throw new AdapterConfigException(d.keyPath("private_key") + ": required when " + d.keyPath("certificate")
                    + " is set");
        }
        AdapterConfig q = c.section("queue");
        Queue queue = new Queue(positive(q, "awake_time", Duration.ofSeconds(93)),
                range(q, "max_commands", 32, 1, 10_000), positive(q, "expiry", Duration.ofMinutes(5)));
        AdapterConfig e = c.section("emqx");
        String mountpoint = e.getString("mountpoint", "lwm2m/{endpoint}/");
        if (!mountpoint.isEmpty() && !mountpoint.endsWith("/")) {
            throw new AdapterConfigException(e.keyPath("mountpoint") + ": must end with '/' (was " + mountpoint + ")");
        }
        if (mountpoint.contains("+") || mountpoint.contains("#")) {
            throw new AdapterConfigException(e.keyPath("mountpoint") + ": must not contain wildcards");
        }
        Duration timeout = positive(c, "request_timeout", Duration.ofSeconds(30));
        Duration maxTimeout = positive(c, "max_request_timeout", Duration.ofMinutes(5));
        if (maxTimeout.compareTo(timeout) < 0) {
            throw new AdapterConfigException(c.keyPath("max_request_timeout") + ": must not be below "
                    + c.keyPath("request_timeout"));
        }
        if (!coap.enabled() && !dtlsListener.enabled()) {
            throw new AdapterConfigException(c.keyPath("coap.enabled") + " and " + c.keyPath("dtls.enabled")
                    + ": at least one listener must be enabled");
        }
        return new Lwm2mConfig(coap, dtls, path(c, "models_dir"), timeout, maxTimeout,
                positive(c, "auth_timeout", Duration.ofSeconds(5)),
                positive(c, "cleanup_interval", Duration.ofSeconds(2)), queue, autoObserve(c),
                c.getBoolean("offline_replies", true),
                new Emqx(e.getBoolean("enabled", false), mountpoint));
    }

    private static Listener listener(AdapterConfig c, String name, int defaultPort) {
        AdapterConfig s = c.section(name);
        return new Listener(s.getBoolean("enabled", true), s.getString("host", "0.0.0.0"),
                range(s, "port", defaultPort, 0, 65535));
    }

    private static List<String> autoObserve(AdapterConfig c) {
        Object v = c.asMap().get("auto_observe");
        if (v == null || Boolean.FALSE.equals(v)) {
            return List.of();
        }
        if (Boolean.TRUE.equals(v)) {
            return List.of(ALL_INSTANCES);
        }
        List<String> paths = c.getStringList("auto_observe", List.of());
        for (String p : paths) {
            if (!p.equals(ALL_INSTANCES) && !p.matches("/\\d+(/\\d+){0,3}")) {
                throw new AdapterConfigException(c.keyPath("auto_observe") + ": '" + p
                        + "' is not an LwM2M path like /3303/0/5700 (or '*' for every instance)");
            }
        }
        return List.copyOf(paths);
    }

    private static Path path(AdapterConfig c, String key) {
        String v = c.getString(key, null);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    private static Duration positive(AdapterConfig c, String key, Duration def) {
        Duration d = c.getDuration(key, def);
        if (d.isNegative() || d.isZero()) {
            throw new AdapterConfigException(c.keyPath(key) + ": must be positive (was " + d + ")");
        }
        return d;
    }

    private static int range(AdapterConfig c, String key, int def, int min, int max) {
        int v = c.getInt(key, def);
        if (v < min || v > max) {
            throw new AdapterConfigException(c.keyPath(key) + ": must be " + min + ".." + max + " (was " + v + ")");
        }
        return v;
    }

    /** For status documents: the settings that matter to someone looking at the server. */
    Map<String, Object> summary() {
        return Map.of("queueAwakeTime", queue.awakeTime().toString(), "autoObserve", autoObserve,
                "emqxCompatibility", emqx.enabled());
    }
}
