package dev.estuary.adapter.coap.transport;

import dev.estuary.adapter.californium.CaliforniumTuning;
import dev.estuary.adapter.coap.CoapAdapterConfig;
import dev.estuary.adapter.coap.CoapMetrics;
import dev.estuary.adapter.coap.PskStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.server.ServerMessageDeliverer;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.SslContextUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * Builds the Californium server: its {@link Configuration} (made from our settings, never Californium's global
 * standard configuration or a properties file), the UDP endpoint and the DTLS endpoint (Scandium: PSK from the
 * {@link PskStore}, optional X.509, connection ids for NAT rebinding).
 */
public final class CoapListeners {
    private CoapListeners() {
    }

    /** Californium's settings for ours. */
    static Configuration configuration(CoapAdapterConfig c) {
        Configuration cfg = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        int threads = c.threads() > 0 ? c.threads() : Runtime.getRuntime().availableProcessors();
        cfg.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, c.maxPayload());
        cfg.set(CoapConfig.MAX_MESSAGE_SIZE, c.maxMessageSize());
        cfg.set(CoapConfig.PREFERRED_BLOCK_SIZE, c.blockSize());
        cfg.set(CoapConfig.MAX_ACTIVE_PEERS, Math.max(c.maxDevices(), 1000));
        // per-device duplicate detection and the receive buffers (docs/adapters/coap.md, Performance)
        CaliforniumTuning.apply(cfg, c.receiveBuffer());
        cfg.set(UdpConfig.UDP_DATAGRAM_SIZE, Math.max(2048, c.maxMessageSize() + 512));
        // the receiver threads run Californium's protocol stage too (CallerRunsExecutor)
        cfg.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, threads);
        cfg.set(UdpConfig.UDP_SENDER_THREAD_COUNT, Math.min(2, threads));
        cfg.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        if (c.connectionIdLength() > 0) {
            cfg.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, c.connectionIdLength());
        }
        cfg.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, c.trustedCertificates() != null
                ? CertificateAuthenticationMode.NEEDED : CertificateAuthenticationMode.NONE);
        cfg.set(DtlsConfig.DTLS_MAX_CONNECTIONS, Math.max(c.maxDevices(), 1000));
        return cfg;
    }

    /**
     * A server with the enabled listeners and the resource tree {@code root}; not started.
     *
     * @param pskExecutor where PSK lookups (blocking store reads) run
     */
    public static CoapServer create(CoapAdapterConfig c, Resource root, PskStore psks, Executor pskExecutor,
                                    CoapMetrics metrics) throws IOException, GeneralSecurityException {
        Configuration cfg = configuration(c);
        CoapServer server = new CoapServer(cfg);
        CaliforniumTuning.callerRunsStage(server, "coap");
        server.setMessageDeliverer(new ServerMessageDeliverer(root, cfg));
        if (c.udp().enabled()) {
            CoapEndpoint udp = new CoapEndpoint.Builder().setConfiguration(cfg)
                    .setInetSocketAddress(c.udp().bind()).setLoggingTag("coap").build();
            udp.addPostProcessInterceptor(new MalformedLogger(metrics, "coap " + c.udp().bind()));
            server.addEndpoint(udp);
        }
        if (c.dtls().enabled()) {
            DTLSConnector connector = new DTLSConnector(dtls(c, cfg, c.dtls().bind(), psks, pskExecutor));
            CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(cfg).setConnector(connector)
                    .setLoggingTag("coaps").build();
            endpoint.addPostProcessInterceptor(new MalformedLogger(metrics, "coaps " + c.dtls().bind()));
            server.addEndpoint(endpoint);
        }
        return server;
    }

    private static DtlsConnectorConfig dtls(CoapAdapterConfig c, Configuration cfg, InetSocketAddress bind,
                                            PskStore psks, Executor pskExecutor)
            throws IOException, GeneralSecurityException {
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(cfg).setAddress(bind).setLoggingTag("coaps")
                .setAdvancedPskStore(new StorePskLookup(psks, pskExecutor));
        if (c.certificate() != null) {
            SslContextUtil.Credentials own = pem(Path.of(c.certificate()), Path.of(c.privateKey()));
            b.setCertificateIdentityProvider(new SingleCertificateProvider(own.getPrivateKey(),
                    own.getCertificateChain(), CertificateType.X_509));
        }
        if (c.trustedCertificates() != null) {
            b.setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(trusted(Path.of(c.trustedCertificates()))).build());
        }
        return b.build();
    }

    /**
     * The certificates of a PEM file of trusted CAs. Californium reads certificates that form a chain — a single CA
     * certificate always does — as a certificate chain rather than as trusts, so both are taken.
     */
    private static java.security.cert.Certificate[] trusted(Path file) throws IOException, GeneralSecurityException {
        SslContextUtil.Credentials read = pem(file);
        java.security.cert.Certificate[] certs = read.getTrustedCertificates() != null
                ? read.getTrustedCertificates() : read.getCertificateChain();
        if (certs == null || certs.length == 0) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        return certs;
    }

    private static SslContextUtil.Credentials pem(Path... files) throws IOException, GeneralSecurityException {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        for (Path f : List.of(files)) {
            in = new SequenceInputStream(in, new ByteArrayInputStream(Files.readAllBytes(f)));
        }
        try (InputStream all = in) {
            return SslContextUtil.loadPemCredentials(all);
        }
    }

    /** The port an endpoint of {@code scheme} ("coap" or "coaps") is bound to, or -1. */
    public static int port(CoapServer server, String scheme) {
        for (Endpoint e : server.getEndpoints()) {
            if (e.getUri().getScheme().equals(scheme)) {
                return e.getAddress().getPort();
            }
        }
        return -1;
    }
}
