package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * TLS for the {@code ssl} and {@code wss} listeners (the {@code tls:} section). PEM files throughout.
 *
 * @param certfile            server certificate chain (PEM). Unset: TLS listeners do not start.
 * @param keyfile             private key (PEM, PKCS#8; traditional RSA/EC keys are refused with the conversion
 *                            command, see docs/listeners.md).
 * @param keyfilePassword     password of an encrypted key, or unset.
 * @param cacertfile          CA certificates that client certificates must chain to (mutual TLS).
 * @param verify              {@code verify_none} (default) or {@code verify_peer} (ask for a client certificate).
 * @param failIfNoPeerCert    with verify_peer: refuse clients without a certificate. false.
 * @param versions            protocol versions. [TLSv1.3, TLSv1.2].
 * @param ciphers             cipher suites; empty means the JDK defaults for the versions.
 * @param handshakeTimeout    time allowed for the handshake. 15s.
 * @param sessionCacheSize    TLS session cache entries (session resumption). 20000.
 * @param sessionTimeout      how long a cached TLS session can be resumed. 1h.
 * @param useCnAsUsername     take the client certificate's CN as the MQTT username. false.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TlsConfig(String certfile, String keyfile, String keyfilePassword, String cacertfile, String verify,
                        Boolean failIfNoPeerCert, List<String> versions, List<String> ciphers,
                        Duration handshakeTimeout, Integer sessionCacheSize, Duration sessionTimeout,
                        Boolean useCnAsUsername) {

    public static final TlsConfig DEFAULTS = new TlsConfig(null, null, null, null, null, null, null, null, null,
            null, null, null);

    public TlsConfig {
        verify = Check.or(verify, "verify_none").toLowerCase(Locale.ROOT);
        if (!verify.equals("verify_none") && !verify.equals("verify_peer")) {
            throw new ConfigException("verify", "must be verify_none or verify_peer (was '" + verify + "')");
        }
        failIfNoPeerCert = Check.bool(failIfNoPeerCert, false);
        versions = versions == null ? List.of("TLSv1.3", "TLSv1.2") : List.copyOf(versions);
        for (String v : versions) {
            if (!v.matches("TLSv1(\\.[0-3])?")) {
                throw new ConfigException("versions", "unknown TLS version '" + v + "' (use TLSv1.2, TLSv1.3)");
            }
        }
        ciphers = ciphers == null ? List.of() : List.copyOf(ciphers);
        handshakeTimeout = Check.duration("handshake_timeout", handshakeTimeout, Duration.ofSeconds(15),
                Duration.ofMillis(100), Duration.ofMinutes(10));
        sessionCacheSize = Check.intIn("session_cache_size", sessionCacheSize, 20000, 0, Integer.MAX_VALUE);
        sessionTimeout = Check.duration("session_timeout", sessionTimeout, Duration.ofHours(1), Duration.ZERO,
                Duration.ofDays(1));
        useCnAsUsername = Check.bool(useCnAsUsername, false);
        if ((certfile == null) != (keyfile == null)) {
            throw new ConfigException(certfile == null ? "certfile" : "keyfile",
                    "certfile and keyfile must be set together");
        }
    }

    /** Whether a certificate is configured, i.e. TLS listeners can start. */
    public boolean configured() {
        return certfile != null;
    }

    public boolean verifyPeer() {
        return verify.equals("verify_peer");
    }
}
