package dev.estuary.core.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Durable key-value storage for an adapter, in the gateway's SQLite database, namespaced per adapter and by a
 * namespace of the adapter's choosing ({@code psk}, {@code abp-sessions}...). Values are bytes; the adapter picks
 * the encoding. Calls block on disk I/O: do not call them on a network event loop; use the adapter's own threads.
 */
public interface AdapterStore {
    Optional<byte[]> get(String namespace, String key);

    void put(String namespace, String key, byte[] value);

    boolean delete(String namespace, String key);

    /** Every key of a namespace with its value. */
    Map<String, byte[]> list(String namespace);
}
