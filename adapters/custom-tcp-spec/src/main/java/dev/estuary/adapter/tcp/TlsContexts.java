package dev.estuary.adapter.tcp;

import dev.estuary.core.spi.AdapterConfigException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.nio.file.Files;

/** Builds the server TLS context from the PEM files of {@code adapters.tcp.tls}; problems name the key. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContext server(TcpConfig.Tls tls) {
        File cert = readable("adapters.tcp.tls.cert_file", tls.certFile());
        File key = readable("adapters.tcp.tls.key_file", tls.keyFile());
        try {
            return SslContextBuilder.forServer(cert, key, tls.keyPassword()).sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (Exception e) {
            throw new AdapterConfigException("adapters.tcp.tls: cannot use certificate " + cert + " with key " + key
                    + " (a PEM certificate chain and a PKCS#8 PEM key are expected): " + e.getMessage(), e);
        }
    }

    private static File readable(String key, String path) {
        File f = new File(path);
        if (!f.isFile() || !Files.isReadable(f.toPath())) {
            throw new AdapterConfigException(key + ": cannot read file " + f.getAbsolutePath());
        }
        return f;
    }
}
