package dev.estuary.core.adapter;

import dev.estuary.core.spi.AdapterStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AdapterStore} in memory, for tests and for running without a database. */
public final class InMemoryAdapterStore implements AdapterStore {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, byte[]>> data = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        Map<String, byte[]> ns = data.get(namespace);
        byte[] v = ns == null ? null : ns.get(key);
        return Optional.ofNullable(v == null ? null : v.clone());
    }

    @Override
    public void put(String namespace, String key, byte[] value) {
        data.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(key, value.clone());
    }

    @Override
    public boolean delete(String namespace, String key) {
        Map<String, byte[]> ns = data.get(namespace);
        return ns != null && ns.remove(key) != null;
    }

    @Override
    public Map<String, byte[]> list(String namespace) {
        Map<String, byte[]> ns = data.get(namespace);
        Map<String, byte[]> out = new TreeMap<>();
        if (ns != null) {
            ns.forEach((k, v) -> out.put(k, v.clone()));
        }
        return out;
    }

    /** A store view scoped to one adapter (namespaces prefixed with the adapter id). */
    public static AdapterStore scoped(AdapterStore shared, String adapterId) {
        return new AdapterStore() {
            private String ns(String namespace) {
                return adapterId + "/" + namespace;
            }

            @Override
            public Optional<byte[]> get(String namespace, String key) {
                return shared.get(ns(namespace), key);
            }

            @Override
            public void put(String namespace, String key, byte[] value) {
                shared.put(ns(namespace), key, value);
            }

            @Override
            public boolean delete(String namespace, String key) {
                return shared.delete(ns(namespace), key);
            }

            @Override
            public Map<String, byte[]> list(String namespace) {
                return shared.list(ns(namespace));
            }
        };
    }
}
