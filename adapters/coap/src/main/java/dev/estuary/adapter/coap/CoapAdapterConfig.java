package dev.estuary.adapter.coap;

import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterConfigException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * The adapter's settings ({@code adapters.coap} in {@code estuary.yaml}); every key, its default and meaning are
 * listed in {@code docs/adapters/coap.md}.
 *
 * @param udp                  the plain CoAP listener ({@code udp.enabled}, {@code udp.bind}, default
 *                             {@code 0.0.0.0:5683})
 * @param dtls                 the CoAP-over-DTLS listener ({@code dtls.enabled}, {@code dtls.bind}, default
 *                             {@code 0.0.0.0:5684})
 * @param maxPayload           largest request or response body in bytes, block-wise included ({@code max_payload})
 * @param blockSize            preferred block size for block-wise transfers ({@code block_size}: 16..1024)
 * @param maxMessageSize       largest payload sent in one datagram before block-wise transfer starts
 *                             ({@code max_message_size})
 * @param idleTimeout          a device without token or observation goes offline after this long without a
 *                             request ({@code idle_timeout})
 * @param heartbeatTimeout     a connection-mode device goes offline after this long without a request carrying
 *                             its token ({@code heartbeat_timeout})
 * @param maxDevices           devices online at once; more are answered 5.03 ({@code max_devices})
 * @param maxPendingRequests   requests being processed at once; more are answered 5.03 ({@code max_pending_requests})
 * @param maxObservations      observations per device ({@code max_observations_per_device})
 * @param notificationType     CON, NON, or null to mirror the observe request's type ({@code notification_type})
 * @param threads              UDP receiver threads, which also run Californium's protocol stage ({@code threads},
 *                             0 = number of cores)
 * @param receiveBuffer        socket receive buffer of each listener in bytes ({@code receive_buffer}); the kernel
 *                             caps it at {@code net.core.rmem_max}
 * @param connectionIdLength   DTLS connection id length (RFC 9146), 0 disables ({@code dtls.connection_id_length})
 * @param certificate          PEM file with the server's certificate chain for X.509, or null
 *                             ({@code dtls.certificate})
 * @param privateKey           PEM file with the server's private key, or null ({@code dtls.private_key})
 * @param trustedCertificates  PEM file with the CAs that sign device certificates, or null
 *                             ({@code dtls.trusted_certificates})
 */
public record CoapAdapterConfig(Listener udp, Listener dtls, int maxPayload, int blockSize, int maxMessageSize,
                                Duration idleTimeout, Duration heartbeatTimeout, int maxDevices,
                                int maxPendingRequests, int maxObservations, String notificationType, int threads,
                                int receiveBuffer, int connectionIdLength, String certificate, String privateKey,
                                String trustedCertificates) {

    /** One listener. */
    public record Listener(boolean enabled, InetSocketAddress bind) {
    }

    /** Reads and checks the settings; a wrong value throws naming the full key. */
    public static CoapAdapterConfig from(AdapterConfig c) {
        Listener udp = listener(c, "udp", 5683);
        Listener dtls = listener(c, "dtls", 5684);
        int maxPayload = range(c, "max_payload", 65536, 64, 16 * 1024 * 1024);
        int blockSize = c.getInt("block_size", 512);
        if (Integer.bitCount(blockSize) != 1 || blockSize < 16 || blockSize > 1024) {
            throw new AdapterConfigException(c.keyPath("block_size") + ": must be a power of two 16..1024 (was "
                    + blockSize + ")");
        }
        int maxMessageSize = range(c, "max_message_size", 1024, 16, 65000);
        Duration idle = positive(c, "idle_timeout", Duration.ofMinutes(5));
        Duration heartbeat = positive(c, "heartbeat_timeout", Duration.ofMinutes(2));
        int maxDevices = range(c, "max_devices", 100_000, 1, 10_000_000);
        int maxPending = range(c, "max_pending_requests", 10_000, 1, 10_000_000);
        int maxObs = range(c, "max_observations_per_device", 32, 1, 10_000);
        String type = c.getString("notification_type", "auto").toLowerCase(Locale.ROOT);
        if (!type.equals("auto") && !type.equals("con") && !type.equals("non")) {
            throw new AdapterConfigException(c.keyPath("notification_type") + ": must be auto, con or non (was "
                    + type + ")");
        }
        int threads = range(c, "threads", 0, 0, 1024);
        int receiveBuffer = range(c, "receive_buffer", 4 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024);
        int cid = range(c, "dtls.connection_id_length", 6, 0, 32);
        String cert = emptyToNull(c.getString("dtls.certificate", null));
        String key = emptyToNull(c.getString("dtls.private_key", null));
        if ((cert == null) != (key == null)) {
            throw new AdapterConfigException(c.keyPath("dtls.certificate") + " and " + c.keyPath("dtls.private_key")
                    + " must be set together");
        }
        String trusted = emptyToNull(c.getString("dtls.trusted_certificates", null));
        return new CoapAdapterConfig(udp, dtls, maxPayload, blockSize, maxMessageSize, idle, heartbeat, maxDevices,
                maxPending, maxObs, type.equals("auto") ? null : type.toUpperCase(Locale.ROOT), threads, receiveBuffer,
                cid, cert,
                key, trusted);
    }

    private static Listener listener(AdapterConfig c, String name, int defaultPort) {
        boolean enabled = c.getBoolean(name + ".enabled", true);
        String bind = c.getString(name + ".bind", "0.0.0.0:" + defaultPort);
        int colon = bind.lastIndexOf(':');
        if (colon <= 0) {
            throw new AdapterConfigException(c.keyPath(name + ".bind") + ": expected host:port (was " + bind + ")");
        }
        String host = bind.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(bind.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new AdapterConfigException(c.keyPath(name + ".bind") + ": bad port in " + bind);
        }
        if (port < 0 || port > 65535) {
            throw new AdapterConfigException(c.keyPath(name + ".bind") + ": port must be 0..65535 (was " + port + ")");
        }
        return new Listener(enabled, new InetSocketAddress(host, port));
    }

    private static int range(AdapterConfig c, String key, int def, int min, int max) {
        int v = c.getInt(key, def);
        if (v < min || v > max) {
            throw new AdapterConfigException(c.keyPath(key) + ": must be " + min + ".." + max + " (was " + v + ")");
        }
        return v;
    }

    private static Duration positive(AdapterConfig c, String key, Duration def) {
        Duration d = c.getDuration(key, def);
        if (d.isNegative() || d.isZero()) {
            throw new AdapterConfigException(c.keyPath(key) + ": must be positive (was " + d + ")");
        }
        return d;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
