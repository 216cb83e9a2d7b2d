package dev.estuary.adapter.mqtt.transport;

import dev.estuary.core.config.ConfigException;
import dev.estuary.core.config.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.nio.file.Files;

/**
 * Builds the server {@link SslContext} from the PEM files in {@code tls:}. Every problem (missing or unreadable
 * file, wrong key password, bad PEM) becomes a {@link ConfigException} naming the key and the file.
 */
public final class TlsContextFactory {
    private TlsContextFactory() {
    }

    public static SslContext serverContext(TlsConfig tls) {
        File cert = readable("tls.certfile", tls.certfile());
        File key = readable("tls.keyfile", tls.keyfile());
        SslContextBuilder b;
        try {
            b = SslContextBuilder.forServer(cert, key, tls.keyfilePassword());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tls.keyfile", "cannot load certificate " + cert + " with key " + key
                    + ": " + rootMessage(e), e);
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
                throw new ConfigException("tls.cacertfile", "verify_peer needs the CA certificates that client "
                        + "certificates chain to");
            }
            b.trustManager(readable("tls.cacertfile", tls.cacertfile()));
            b.clientAuth(tls.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        } else {
            b.clientAuth(ClientAuth.NONE);
        }
        try {
            return b.build();
        } catch (Exception e) {
            throw new ConfigException("tls", "cannot set up TLS with " + cert + " and " + key + ": "
                    + rootMessage(e), e);
        }
    }

    private static File readable(String key, String path) {
        File f = new File(path);
        if (!f.isFile() || !Files.isReadable(f.toPath())) {
            throw new ConfigException(key, "cannot read file " + f.getAbsolutePath());
        }
        return f;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }
}
