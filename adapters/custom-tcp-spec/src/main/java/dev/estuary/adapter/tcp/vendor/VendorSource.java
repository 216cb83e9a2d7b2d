package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.sdk.VendorProtocol;
import java.util.List;
import java.util.Map;

/**
 * Where vendor protocols come from: the plugins (PF4J extensions, appearing and disappearing as plugins start and
 * stop), or a fixed list when the adapter is embedded or tested.
 */
public interface VendorSource {
    /** Told about vendor protocols, grouped by the plugin that owns them. */
    interface Listener {
        void added(String owner, List<VendorProtocol<?>> protocols);

        void removed(String owner);
    }

    /** Reports every available vendor now and, until {@link #unwatch}, those that come and go. */
    void watch(Listener listener);

    void unwatch();

    /** No vendors. */
    static VendorSource none() {
        return of(Map.of());
    }

    /** A fixed set of vendors by owner. */
    static VendorSource of(Map<String, List<VendorProtocol<?>>> byOwner) {
        return new VendorSource() {
            @Override
            public void watch(Listener listener) {
                byOwner.forEach(listener::added);
            }

            @Override
            public void unwatch() {
                // nothing changes
            }
        };
    }
}
