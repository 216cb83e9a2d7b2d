package dev.estuary.adapter.coap;

import dev.estuary.core.spi.AdapterStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The DTLS pre-shared keys of CoAP devices, kept in the adapter's {@link AdapterStore} (namespace
 * {@value #NAMESPACE}; key: the PSK identity, which is also the device id; value: the raw key bytes). The adapter
 * reads it on every handshake, so keys added or removed (e.g. by {@code estuary coap psk add|del}) apply to the next
 * handshake without a restart. Store calls block on disk I/O: call them off network threads.
 */
public final class PskStore {
    /** The store namespace. */
    public static final String NAMESPACE = "psk";
    /** DTLS limits PSK identities to 2^16-1 bytes (RFC 4279 §5.1); keep them readable and bounded. */
    public static final int MAX_IDENTITY_BYTES = 128;
    /** RFC 4279 §5.3: keys up to 64 bytes must be supported. */
    public static final int MAX_KEY_BYTES = 64;

    private final AdapterStore store;

    public PskStore(AdapterStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Adds or replaces the key of an identity.
     *
     * @throws IllegalArgumentException for an empty or too long identity or key
     */
    public void add(String identity, byte[] key) {
        checkIdentity(identity);
        if (key == null || key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("a PSK must have 1.." + MAX_KEY_BYTES + " bytes");
        }
        store.put(NAMESPACE, identity, key.clone());
    }

    /** Removes an identity; false when it was not there. */
    public boolean remove(String identity) {
        return store.delete(NAMESPACE, identity);
    }

    /** The key of an identity. */
    public Optional<byte[]> key(String identity) {
        return store.get(NAMESPACE, identity);
    }

    /** Every identity, sorted. */
    public List<String> identities() {
        Map<String, byte[]> all = store.list(NAMESPACE);
        List<String> ids = new ArrayList<>(all.keySet());
        ids.sort(null);
        return ids;
    }

    private static void checkIdentity(String identity) {
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("a PSK identity must not be empty");
        }
        if (identity.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTITY_BYTES) {
            throw new IllegalArgumentException("a PSK identity must have at most " + MAX_IDENTITY_BYTES + " bytes");
        }
    }
}
