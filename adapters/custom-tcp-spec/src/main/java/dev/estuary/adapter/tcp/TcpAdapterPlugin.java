package dev.estuary.adapter.tcp;

import org.pf4j.Plugin;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

/**
 * The plugin's lifecycle class. It keeps the plugin manager so that the adapter can find vendor protocols in other
 * plugins ({@link dev.estuary.adapter.tcp.vendor.PluginVendorSource}): PF4J hands the manager only to the plugin
 * class, not to extensions. The field is static but scoped to this plugin's class loader, i.e. to this plugin.
 */
public class TcpAdapterPlugin extends Plugin {
    private static volatile PluginManager manager;

    @SuppressWarnings("deprecation") // the only PF4J 3.x way for a plugin to reach its manager
    public TcpAdapterPlugin(PluginWrapper wrapper) {
        super(wrapper);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void start() {
        manager = getWrapper().getPluginManager();
    }

    @Override
    public void stop() {
        manager = null;
    }

    /** The manager while the plugin is started, else null (embedded use and tests). */
    static PluginManager pluginManager() {
        return manager;
    }
}
