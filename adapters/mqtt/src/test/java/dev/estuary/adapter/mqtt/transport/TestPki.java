package dev.estuary.adapter.mqtt.transport;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests, made with BouncyCastle and written as PEM files (certificates, PKCS#8 keys):
 * a test CA, a server certificate for {@code localhost}/{@code 127.0.0.1}, one for another host name, client
 * certificates (valid, expired) from the test CA and one from another CA. EC P-256 keys keep generation fast;
 * create it once per test class.
 */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate with its key and the PEM files they were written to. */
    record Identity(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
        String cn() {
            return cert.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
        }
    }

    final Identity ca;
    final Identity otherCa;
    final Identity server;
    final Identity wrongHostServer;
    final Identity client;
    final Identity expiredClient;
    final Identity strangerClient;

    private TestPki(Path dir) throws Exception {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant to = now.plus(Duration.ofDays(365));
        ca = issue(dir, "ca", "Estuary Test CA", null, from, to, Kind.CA);
        otherCa = issue(dir, "other-ca", "Some Other CA", null, from, to, Kind.CA);
        server = issue(dir, "server", "localhost", ca, from, to, Kind.SERVER, "localhost", "127.0.0.1");
        wrongHostServer = issue(dir, "wrong-host", "broker.example.org", ca, from, to, Kind.SERVER,
                "broker.example.org");
        client = issue(dir, "client", "device-1", ca, from, to, Kind.CLIENT);
        expiredClient = issue(dir, "expired", "old-device", ca, now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)), Kind.CLIENT);
        strangerClient = issue(dir, "stranger", "stranger", otherCa, from, to, Kind.CLIENT);
    }

    static TestPki create(Path dir) throws Exception {
        return new TestPki(dir);
    }

    private enum Kind { CA, SERVER, CLIENT }

    private static Identity issue(Path dir, String name, String cn, Identity issuer, Instant from, Instant to,
                                  Kind kind, String... altNames)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        KeyPair pair = gen.generateKeyPair();
        X500Name subject = new X500Name("CN=" + cn);
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
        PrivateKey signingKey = issuer == null ? pair.getPrivate() : issuer.key();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject,
                pair.getPublic());
        if (kind == Kind.CA) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    kind == Kind.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
        }
        if (altNames.length > 0) {
            GeneralName[] names = new GeneralName[altNames.length];
            for (int i = 0; i < altNames.length; i++) {
                boolean ip = altNames[i].matches("[0-9.]+");
                names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, altNames[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return new Identity(cert, pair.getPrivate(), certFile, keyFile);
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** A client context that trusts the test CA and, when {@code identity} is not null, presents it. */
    SSLContext clientContext(Identity identity) throws GeneralSecurityException, IOException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManager[] km = identity == null ? null : new KeyManager[] {new FixedKeyManager(identity)};
        ctx.init(km, trustManagerFactory().getTrustManagers(), null);
        return ctx;
    }

    /** Trusts the test CA only. */
    TrustManagerFactory trustManagerFactory() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    /**
     * Always presents one certificate, whatever CAs the server asks for and whether it has expired, the way a
     * device configured with one certificate file does (the JDK's own key managers would quietly send nothing).
     */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final Identity identity;

        FixedKeyManager(Identity identity) {
            this.identity = identity;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {identity.cert()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return identity.key();
        }
    }
}
