package dev.estuary.adapter.mqtt.transport;

import dev.estuary.core.config.ConfigException;
import dev.estuary.core.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;

/**
 * Builds the server {@link SslContext} from the PEM files in {@code tls:}. Every problem (missing or unreadable
 * file, no certificate in the certificate file, a key that cannot be read or needs a password, a cipher suite or
 * version the JDK does not know) becomes a {@link ConfigException} naming the key and the file, so the gateway
 * refuses to start with one clear line instead of failing every handshake later.
 */
public final class TlsContextFactory {
    private TlsContextFactory() {
    }

    public static SslContext serverContext(TlsConfig tls) {
        File cert = certificates("tls.certfile", tls.certfile());
        File key = readable("tls.keyfile", tls.keyfile());
        SslContextBuilder b;
        try {
            b = SslContextBuilder.forServer(cert, key, tls.keyfilePassword());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tls.keyfile", "cannot read the private key in " + key.getAbsolutePath()
                    + ": " + keyAdvice(key, tls.keyfilePassword()) + " (" + rootMessage(e) + ")", e);
        }
        b.sslProvider(SslProvider.JDK);
        b.protocols(tls.versions().toArray(new String[0]));
        if (!tls.ciphers().isEmpty()) {
            b.ciphers(tls.ciphers());
        }
        b.sessionCacheSize(tls.sessionCacheSize());
        b.sessionTimeout(tls.sessionTimeout().getSeconds());
        if (tls.verifyPeer()) {
            if (tls.cacertfile() == null) {
                throw new ConfigException("tls.cacertfile", "tls.verify is verify_peer, which needs the CA "
                        + "certificates that client certificates chain to: set tls.cacertfile to a PEM file");
            }
            b.trustManager(certificates("tls.cacertfile", tls.cacertfile()));
            b.clientAuth(tls.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        } else {
            b.clientAuth(ClientAuth.NONE);
        }
        SslContext ctx;
        try {
            ctx = b.build();
        } catch (Exception e) {
            throw new ConfigException("tls", "cannot set up TLS with " + cert + " and " + key + ": "
                    + rootMessage(e), e);
        }
        checkEngine(ctx, tls);
        return ctx;
    }

    /** Unknown cipher suite or version names only show when an engine is made: make one now, not per client. */
    private static void checkEngine(SslContext ctx, TlsConfig tls) {
        try {
            ctx.newEngine(ByteBufAllocator.DEFAULT);
        } catch (IllegalArgumentException e) {
            String key = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("cipher")
                    ? "tls.ciphers" : "tls.versions";
            throw new ConfigException(key, rootMessage(e) + " (configured: "
                    + (key.equals("tls.ciphers") ? tls.ciphers() : tls.versions()) + ")", e);
        }
    }

    /** What to do about a key file the JDK cannot read, judged by its PEM header. */
    private static String keyAdvice(File key, String password) {
        String pem;
        try {
            pem = Files.readString(key.toPath(), StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException e) {
            pem = "";
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                || pem.contains("BEGIN DSA PRIVATE KEY")) {
            return "it is in the traditional OpenSSL format; convert it to PKCS#8 with 'openssl pkcs8 -topk8 "
                    + "-nocrypt -in " + key.getName() + " -out " + key.getName() + ".pk8' and use that file";
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            return password == null ? "it is encrypted: set tls.keyfile_password"
                    : "it is encrypted and tls.keyfile_password does not open it";
        }
        if (!pem.contains("PRIVATE KEY-----")) {
            return "it holds no PEM private key ('-----BEGIN PRIVATE KEY-----')";
        }
        return "expected an unencrypted or password-protected PKCS#8 PEM key";
    }

    /** A readable file holding at least one PEM (or DER) certificate. */
    private static File certificates(String key, String path) {
        File f = readable(key, path);
        try (InputStream in = Files.newInputStream(f.toPath())) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new ConfigException(key, f.getAbsolutePath() + " holds no certificate");
            }
        } catch (CertificateException | IOException e) {
            throw new ConfigException(key, f.getAbsolutePath() + " holds no readable PEM certificate: "
                    + rootMessage(e), e);
        }
        return f;
    }

    private static File readable(String key, String path) {
        File f = new File(path);
        if (!f.isFile() || !Files.isReadable(f.toPath())) {
            throw new ConfigException(key, "cannot read file " + f.getAbsolutePath()
                    + (f.exists() ? "" : " (it does not exist)"));
        }
        return f;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
        return m.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
