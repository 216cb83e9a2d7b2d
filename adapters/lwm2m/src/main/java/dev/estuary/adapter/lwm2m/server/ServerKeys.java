package dev.estuary.adapter.lwm2m.server;

import dev.estuary.adapter.lwm2m.Lwm2mConfig;
import dev.estuary.core.spi.AdapterConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The server's own DTLS credentials: an X.509 chain and key when configured, else a raw public key pair — the
 * configured one, or one generated once (EC P-256) and kept in the adapter's data folder
 * ({@code server-rpk.key}, {@code server-rpk.pub}, DER) so that clients can pin it. Also the CA certificates client
 * certificates must chain to.
 *
 * @param privateKey  the server's private key
 * @param publicKey   its public key (RPK mode), or null in X.509 mode
 * @param chain       its certificate chain (X.509 mode), or null
 * @param trusted     CA certificates for client certificates, or null
 */
public record ServerKeys(PrivateKey privateKey, PublicKey publicKey, X509Certificate[] chain,
                         X509Certificate[] trusted) {

    /** Loads or generates the server's credentials. */
    public static ServerKeys load(Lwm2mConfig.Dtls dtls, Path dataDir, String keyPrefix) {
        X509Certificate[] trusted = dtls.trustedCertificates() == null ? null
                : certificates(dtls.trustedCertificates(), keyPrefix + ".trusted_certificates");
        if (dtls.certificate() != null) {
            return new ServerKeys(privateKey(dtls.privateKey(), keyPrefix + ".private_key"), null,
                    certificates(dtls.certificate(), keyPrefix + ".certificate"), trusted);
        }
        if (dtls.privateKey() != null) {
            return new ServerKeys(privateKey(dtls.privateKey(), keyPrefix + ".private_key"),
                    publicKey(dtls.publicKey(), keyPrefix + ".public_key"), null, trusted);
        }
        KeyPair pair = generatedPair(dataDir);
        return new ServerKeys(pair.getPrivate(), pair.getPublic(), null, trusted);
    }

    private static KeyPair generatedPair(Path dataDir) {
        Path priv = dataDir.resolve("server-rpk.key");
        Path pub = dataDir.resolve("server-rpk.pub");
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            if (Files.exists(priv) && Files.exists(pub)) {
                return new KeyPair(ec.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                        ec.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))));
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            Files.write(priv, pair.getPrivate().getEncoded());
            Files.write(pub, pair.getPublic().getEncoded());
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load or create the server's raw public key in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static X509Certificate[] certificates(Path file, String key) {
        try (var in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new AdapterConfigException(key + ": no certificate in " + file);
            }
            return certs.stream().map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
        } catch (IOException | GeneralSecurityException e) {
            throw new AdapterConfigException(key + ": cannot read certificates from " + file + ": " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file, String key) {
        byte[] der = pem(file, key, "PRIVATE KEY");
        for (String alg : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new AdapterConfigException(key + ": " + file + " is not a PKCS#8 private key (BEGIN PRIVATE KEY)");
    }

    private static PublicKey publicKey(Path file, String key) {
        byte[] der = pem(file, key, "PUBLIC KEY");
        for (String alg : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new AdapterConfigException(key + ": " + file + " is not a public key (BEGIN PUBLIC KEY)");
    }

    private static byte[] pem(Path file, String key, String label) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String begin = "-----BEGIN " + label + "-----";
            int b = text.indexOf(begin);
            int e = text.indexOf("-----END " + label + "-----");
            if (b < 0 || e < b) {
                throw new AdapterConfigException(key + ": " + file + " has no '" + begin + "' block");
            }
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IOException | IllegalArgumentException ex) {
            throw new AdapterConfigException(key + ": cannot read " + file + ": " + ex.getMessage());
        }
    }

}
