package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.sdk.VendorProtocol;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginStateEvent;
import org.pf4j.PluginStateListener;
import org.pf4j.PluginWrapper;

/**
 * Vendor protocols found in the gateway's plugins: the {@link VendorProtocol} extensions of every started plugin,
 * and those of plugins that start later (installed or enabled while the gateway runs); a plugin that stops takes
 * its vendors with it. Vendor plugins see the SDK through {@code plugin.dependencies=custom-tcp-spec}.
 */
public final class PluginVendorSource implements VendorSource, PluginStateListener {
    private final PluginManager manager;
    private Listener listener;

    public PluginVendorSource(PluginManager manager) {
        this.manager = manager;
    }

    @Override
    public synchronized void watch(Listener l) {
        this.listener = l;
        manager.addPluginStateListener(this);
        for (PluginWrapper w : manager.getStartedPlugins()) {
            report(w.getPluginId());
        }
    }

    @Override
    public synchronized void unwatch() {
        manager.removePluginStateListener(this);
        listener = null;
    }

    @Override
    public synchronized void pluginStateChanged(PluginStateEvent event) {
        if (listener == null) {
            return;
        }
        String id = event.getPlugin().getPluginId();
        if (event.getPluginState() == PluginState.STARTED) {
            report(id);
        } else if (event.getOldState() == PluginState.STARTED) {
            listener.removed(id);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void report(String pluginId) {
        List<VendorProtocol> found = manager.getExtensions(VendorProtocol.class, pluginId);
        if (!found.isEmpty()) {
            List<VendorProtocol<?>> protocols = new ArrayList<>();
            for (VendorProtocol p : found) {
                protocols.add(p);
            }
            listener.added(pluginId, protocols);
        }
    }
}
