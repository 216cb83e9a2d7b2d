package dev.estuary.adapter.tcp;

import dev.estuary.adapter.tcp.codec.FrameHeader;
import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterConfigException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The adapter's settings, {@code adapters.tcp} in the configuration file; every key, its default and its meaning
 * is listed in {@code docs/adapters/tcp.md}. Validated at start: a bad value names its full key.
 *
 * @param enabled              open the plain listener
 * @param bind                 address the listeners bind to
 * @param port                 plain TCP port (0: any free port)
 * @param tls                  the TLS listener (opened when a certificate is configured)
 * @param maxBody              the largest frame body accepted after HELLO (spec §7.1)
 * @param helloTimeout         time from connect to HELLO (spec §6.2)
 * @param frameTimeout         time for a started frame to arrive completely (spec §7.2)
 * @param keepAlive            keep-alive for devices that ask for 0 (spec §6.5)
 * @param minKeepAlive         smallest keep-alive granted
 * @param maxKeepAlive         largest keep-alive granted
 * @param ackTimeout           time a device has to acknowledge a DOWNLINK (spec §6.4)
 * @param maxRetries           retransmissions of an unacknowledged DOWNLINK
 * @param maxInflightDownlinks DOWNLINKs awaiting acknowledgement per device
 * @param downlinkQueue        further downlinks queued per device; beyond that they are refused
 * @param maxInflightUplinks   uplinks handed to the broker but not yet accepted, per connection; at this number the
 *                             adapter stops reading from the socket (back-pressure, spec §6.7)
 * @param ioThreads            event-loop threads (0: number of cores)
 * @param vendors              vendor protocol listeners by vendor id
 */
public record TcpConfig(boolean enabled, String bind, int port, Tls tls, int maxBody, Duration helloTimeout,
                        Duration frameTimeout, Duration keepAlive, Duration minKeepAlive, Duration maxKeepAlive,
                        Duration ackTimeout, int maxRetries, int maxInflightDownlinks, int downlinkQueue,
                        int maxInflightUplinks, int ioThreads, Map<String, Vendor> vendors) {

    /** The default plain port (spec §2.1). */
    public static final int DEFAULT_PORT = 7878;
    /** The default TLS port (spec §2.2). */
    public static final int DEFAULT_TLS_PORT = 7879;

    private static final Set<String> KEYS = Set.of("enabled", "bind", "port", "tls", "max_body", "hello_timeout",
            "frame_timeout", "keep_alive", "min_keep_alive", "max_keep_alive", "ack_timeout", "max_retries",
            "max_inflight_downlinks", "downlink_queue", "max_inflight_uplinks", "io_threads", "vendors");
    private static final Set<String> TLS_KEYS = Set.of("port", "cert_file", "key_file", "key_password");
    private static final Set<String> VENDOR_KEYS = Set.of("enabled", "port", "tls", "idle_timeout",
            "login_timeout");

    /**
     * The TLS listener.
     *
     * @param port        TLS port (0: any free port)
     * @param certFile    PEM certificate chain; null: no TLS listener
     * @param keyFile     PEM private key (PKCS#8)
     * @param keyPassword password of an encrypted key, or null
     */
    public record Tls(int port, String certFile, String keyFile, String keyPassword) {
        public boolean configured() {
            return certFile != null;
        }
    }

    /**
     * A vendor protocol's listener ({@code adapters.tcp.vendors.{id}}).
     *
     * @param enabled      open it
     * @param port         its port; -1: the vendor's default
     * @param tls          TLS on this listener (with the certificate of {@code tls})
     * @param idleTimeout  close connections silent this long; null: the vendor's default
     * @param loginTimeout close connections that do not log in within this; null: the vendor's default
     */
    public record Vendor(boolean enabled, int port, boolean tls, Duration idleTimeout, Duration loginTimeout) {
        static final Vendor DEFAULTS = new Vendor(true, -1, false, null, null);
    }

    /** Reads and validates {@code adapters.tcp}. */
    public static TcpConfig from(AdapterConfig c) {
        unknownKeys(c, KEYS);
        AdapterConfig t = c.section("tls");
        unknownKeys(t, TLS_KEYS);
        Tls tls = new Tls(range(t, "port", DEFAULT_TLS_PORT, 0, 65535), t.getString("cert_file", null),
                t.getString("key_file", null), t.getString("key_password", null));
        if (tls.certFile() != null && tls.keyFile() == null) {
            throw new AdapterConfigException(t.keyPath("key_file") + ": required when "
                    + t.keyPath("cert_file") + " is set");
        }
        Duration minKa = positive(c, "min_keep_alive", Duration.ofSeconds(5));
        Duration maxKa = positive(c, "max_keep_alive", Duration.ofHours(1));
        if (maxKa.toSeconds() > 65535 || minKa.compareTo(maxKa) > 0) {
            throw new AdapterConfigException(c.keyPath("max_keep_alive") + ": must be between min_keep_alive and "
                    + "65535s");
        }
        Duration ka = positive(c, "keep_alive", Duration.ofSeconds(60));
        if (ka.compareTo(minKa) < 0 || ka.compareTo(maxKa) > 0) {
            throw new AdapterConfigException(c.keyPath("keep_alive") + ": must be between min_keep_alive and "
                    + "max_keep_alive");
        }
        return new TcpConfig(c.getBoolean("enabled", true), c.getString("bind", "0.0.0.0"),
                range(c, "port", DEFAULT_PORT, 0, 65535), tls,
                range(c, "max_body", 65535, FrameHeader.PRE_HELLO_MAX_BODY, 1 << 20),
                positive(c, "hello_timeout", Duration.ofSeconds(10)),
                positive(c, "frame_timeout", Duration.ofSeconds(10)), ka, minKa, maxKa,
                positive(c, "ack_timeout", Duration.ofSeconds(5)),
                range(c, "max_retries", 2, 0, 10),
                range(c, "max_inflight_downlinks", 16, 1, 1024),
                range(c, "downlink_queue", 100, 0, 100_000),
                range(c, "max_inflight_uplinks", 256, 1, 65_536),
                range(c, "io_threads", 0, 0, 256),
                vendors(c.section("vendors")));
    }

    private static Map<String, Vendor> vendors(AdapterConfig v) {
        Map<String, Vendor> out = new LinkedHashMap<>();
        for (String id : v.asMap().keySet()) {
            AdapterConfig s = v.section(id);
            unknownKeys(s, VENDOR_KEYS);
            out.put(id, new Vendor(s.getBoolean("enabled", true), port(s, "port", -1), s.getBoolean("tls", false),
                    s.has("idle_timeout") ? positive(s, "idle_timeout", null) : null,
                    s.has("login_timeout") ? positive(s, "login_timeout", null) : null));
        }
        return Map.copyOf(out);
    }

    /** The settings of a vendor's listener (defaults when it is not configured). */
    public Vendor vendor(String id) {
        return vendors.getOrDefault(id, Vendor.DEFAULTS);
    }

    private static void unknownKeys(AdapterConfig c, Set<String> known) {
        for (String k : c.asMap().keySet()) {
            if (!known.contains(k)) {
                throw new AdapterConfigException(c.keyPath(k) + ": unknown key; known keys: "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static int port(AdapterConfig c, String key, int def) {
        return range(c, key, def, -1, 65535);
    }

    private static int range(AdapterConfig c, String key, int def, int min, int max) {
        int v = c.getInt(key, def);
        if (v < min || v > max) {
            throw new AdapterConfigException(c.keyPath(key) + ": " + v + " is not between " + min + " and " + max);
        }
        return v;
    }

    private static Duration positive(AdapterConfig c, String key, Duration def) {
        Duration d = c.getDuration(key, def);
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new AdapterConfigException(c.keyPath(key) + ": must be positive");
        }
        return d;
    }
}
