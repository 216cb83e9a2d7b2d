package dev.estuary.adapter.mqtt.transport;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Why a TLS handshake failed, in terms a user can act on. {@link #classify} reads the JDK's exception chain
 * (messages and causes) once; the label is used in the log line and in the per-reason counter.
 */
public enum TlsFailure {
    CERTIFICATE_EXPIRED("the client certificate has expired (or is not yet valid): issue a new one"),
    UNKNOWN_CA("the client certificate is not signed by a CA in tls.cacertfile"),
    NO_CLIENT_CERTIFICATE("the client sent no certificate but tls.fail_if_no_peer_cert is true"),
    CLIENT_REJECTED_SERVER_CERTIFICATE("the client rejected the server certificate: usually the host name the "
            + "client connects to is not in the certificate's CN/SAN (hostname mismatch), or the client does not "
            + "trust the CA that signed it"),
    NO_COMMON_CIPHER("client and server share no cipher suite: compare tls.ciphers with the client's"),
    PROTOCOL_VERSION("client and server share no TLS version: compare tls.versions with the client's"),
    NOT_TLS("the client did not speak TLS (plain MQTT sent to a TLS port?)"),
    HANDSHAKE_TIMEOUT("the handshake did not finish within tls.handshake_timeout"),
    CLOSED_DURING_HANDSHAKE("the client closed the connection before the handshake finished (a port probe or "
            + "load balancer health check, or a client that gave up)"),
    OTHER("TLS handshake failed");

    private final String advice;

    TlsFailure(String advice) {
        this.advice = advice;
    }

    public String advice() {
        return advice;
    }

    /**
     * True for what happens all the time without anyone doing anything wrong (port probes, health checks): counted
     * but logged at DEBUG only, so it does not drown the failures someone must act on.
     */
    public boolean routine() {
        return this == CLOSED_DURING_HANDSHAKE;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TlsFailure classify(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return CERTIFICATE_EXPIRED;
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return HANDSHAKE_TIMEOUT;
            }
            if (t instanceof NotSslRecordException) {
                return NOT_TLS;
            }
            if (t instanceof ClosedChannelException) {
                return CLOSED_DURING_HANDSHAKE;
            }
            all.append(' ').append(String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT));
        }
        String m = all.toString();
        if (m.contains("validity check failed") || m.contains("certificate expired")
                || m.contains("certificate_expired")) {
            return CERTIFICATE_EXPIRED;
        }
        if (m.contains("empty client certificate chain") || m.contains("null cert chain")
                || m.contains("certificate_required")) {
            return NO_CLIENT_CERTIFICATE;
        }
        if (m.contains("pkix path building failed") || m.contains("unable to find valid certification path")
                || m.contains("signature check failed") || m.contains("no trusted certificate")) {
            return UNKNOWN_CA;
        }
        // What clients send when they refuse our certificate: the JDK sends certificate_unknown, OpenSSL
        // unknown_ca or bad_certificate, and libmosquitto internal_error when its host name check fails. Over
        // TLS 1.3 OpenSSL clients send that alert in plaintext after the server has switched to encrypted
        // records, so the JDK reports a 2-byte record it cannot decrypt instead of the alert.
        if (m.contains("certificate_unknown") || m.contains("bad_certificate") || m.contains("unknown_ca")
                || m.contains("bad certificate") || m.contains("unknown ca")
                || m.contains("received fatal alert: internal_error")
                || m.contains("insufficient buffer remaining for aead cipher fragment (2)")) {
            return CLIENT_REJECTED_SERVER_CERTIFICATE;
        }
        if (m.contains("no cipher suites in common") || m.contains("handshake_failure")
                || m.contains("no appropriate cipher") || m.contains("insufficient_security")) {
            return NO_COMMON_CIPHER;
        }
        if (m.contains("protocol_version") || m.contains("not accepted by server preferences")
                || m.contains("not enabled or supported") || m.contains("no appropriate protocol")
                || m.contains("unsupported protocol")) {
            return PROTOCOL_VERSION;
        }
        if (m.contains("unsupported or unrecognized ssl message") || m.contains("not an ssl/tls record")
                || m.contains("plaintext connection")) {
            return NOT_TLS;
        }
        return OTHER;
    }
}
