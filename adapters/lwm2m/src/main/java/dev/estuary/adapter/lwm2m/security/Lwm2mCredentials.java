package dev.estuary.adapter.lwm2m.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.core.spi.AdapterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The DTLS credentials of LwM2M endpoints, kept in the adapter's {@link AdapterStore} (in memory in tests, the
 * gateway's SQLite database in production). One endpoint has at most one credential: a pre-shared key (namespace
 * {@code psk}), a raw public key ({@code rpk}) or "must present an X.509 certificate whose CN is the endpoint name"
 * ({@code x509}); storing one replaces the others. {@code psk-identity} indexes PSK identities to endpoints, so the
 * DTLS handshake finds a key without scanning.
 *
 * <p>Values are small JSON documents ({@code {"identity":"...","key":"hex"}}, {@code {"publicKey":"base64 DER"}},
 * {@code {}}), so a CLI ({@code estuary lwm2m psk|rpk ...}) can share this class with the adapter. Every method
 * blocks on the store: call it off network threads.
 */
public final class Lwm2mCredentials {
    /** Namespace of pre-shared keys, keyed by endpoint name. */
    public static final String PSK = "psk";
    /** Namespace of raw public keys, keyed by endpoint name. */
    public static final String RPK = "rpk";
    /** Namespace of endpoints that must authenticate with an X.509 certificate. */
    public static final String X509 = "x509";
    /** Index: PSK identity to endpoint name. */
    public static final String PSK_IDENTITY = "psk-identity";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdapterStore store;

    public Lwm2mCredentials(AdapterStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The kinds of credential. */
    public enum Kind { PSK, RPK, X509 }

    /**
     * One endpoint's credential.
     *
     * @param endpoint  the LwM2M endpoint name
     * @param kind      which kind
     * @param identity  the PSK identity (PSK only)
     * @param key       the PSK secret (PSK only)
     * @param publicKey the raw public key (RPK only)
     */
    public record Credential(String endpoint, Kind kind, String identity, byte[] key, PublicKey publicKey) {
    }

    /**
     * Stores a pre-shared key for an endpoint, replacing its other credentials.
     *
     * @throws IllegalArgumentException when the identity already belongs to another endpoint, or an argument is
     *                                  empty
     */
    public synchronized void putPsk(String endpoint, String identity, byte[] key) {
        requireText(endpoint, "endpoint");
        requireText(identity, "PSK identity");
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("PSK key must not be empty");
        }
        Optional<String> owner = store.get(PSK_IDENTITY, identity).map(Lwm2mCredentials::text);
        if (owner.isPresent() && !owner.get().equals(endpoint)) {
            throw new IllegalArgumentException("PSK identity '" + identity + "' already belongs to endpoint '"
                    + owner.get() + "'");
        }
        remove(endpoint);
        ObjectNode doc = JSON.createObjectNode().put("identity", identity).put("key", HexFormat.of().formatHex(key));
        store.put(PSK, endpoint, bytes(doc));
        store.put(PSK_IDENTITY, identity, endpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Stores a raw public key for an endpoint, replacing its other credentials. */
    public synchronized void putRpk(String endpoint, PublicKey publicKey) {
        requireText(endpoint, "endpoint");
        Objects.requireNonNull(publicKey, "publicKey");
        remove(endpoint);
        store.put(RPK, endpoint, bytes(JSON.createObjectNode().put("publicKey",
                Base64.getEncoder().encodeToString(publicKey.getEncoded())).put("algorithm",
                publicKey.getAlgorithm())));
    }

    /** Requires an endpoint to present an X.509 certificate whose CN is its name, replacing other credentials. */
    public synchronized void putX509(String endpoint) {
        requireText(endpoint, "endpoint");
        remove(endpoint);
        store.put(X509, endpoint, bytes(JSON.createObjectNode()));
    }

    /** Removes every credential of an endpoint; false when it had none. */
    public synchronized boolean remove(String endpoint) {
        Optional<Credential> old = get(endpoint);
        boolean removed = store.delete(PSK, endpoint) | store.delete(RPK, endpoint) | store.delete(X509, endpoint);
        if (old.isPresent() && old.get().identity() != null) {
            store.delete(PSK_IDENTITY, old.get().identity());
        }
        return removed;
    }

    /** The credential of an endpoint. */
    public Optional<Credential> get(String endpoint) {
        Optional<byte[]> psk = store.get(PSK, endpoint);
        if (psk.isPresent()) {
            JsonNode doc = tree(psk.get());
            return Optional.of(new Credential(endpoint, Kind.PSK, doc.path("identity").asText(),
                    HexFormat.of().parseHex(doc.path("key").asText()), null));
        }
        Optional<byte[]> rpk = store.get(RPK, endpoint);
        if (rpk.isPresent()) {
            JsonNode doc = tree(rpk.get());
            return Optional.of(new Credential(endpoint, Kind.RPK, null, null,
                    publicKey(doc.path("algorithm").asText("EC"), doc.path("publicKey").asText())));
        }
        if (store.get(X509, endpoint).isPresent()) {
            return Optional.of(new Credential(endpoint, Kind.X509, null, null, null));
        }
        return Optional.empty();
    }

    /** The endpoint a PSK identity belongs to, with its credential. */
    public Optional<Credential> byPskIdentity(String identity) {
        return store.get(PSK_IDENTITY, identity).map(Lwm2mCredentials::text).flatMap(this::get)
                .filter(c -> c.kind() == Kind.PSK && identity.equals(c.identity()));
    }

    /** Every stored credential (for listing; secrets included). */
    public List<Credential> list() {
        List<Credential> out = new ArrayList<>();
        for (String ns : List.of(PSK, RPK, X509)) {
            for (Map.Entry<String, byte[]> e : store.list(ns).entrySet()) {
                get(e.getKey()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Decodes a public key from base64 X.509 SubjectPublicKeyInfo DER (as {@code openssl pkey -pubout -outform DER}). */
    public static PublicKey publicKey(String algorithm, String base64Der) {
        byte[] der = Base64.getDecoder().decode(base64Der.trim());
        for (String alg : List.of(algorithm, "EC", "Ed25519", "RSA")) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
            } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("not a public key in X.509 SubjectPublicKeyInfo DER form");
    }

    private static void requireText(String v, String what) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonNode tree(byte[] b) {
        try {
            return JSON.readTree(b);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt LwM2M credential record", e);
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
