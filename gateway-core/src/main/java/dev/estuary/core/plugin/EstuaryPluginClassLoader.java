package dev.estuary.core.plugin;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: plugin classes first (so an adapter can bundle its own library versions), except for
 * the packages the host shares with every plugin — the SPI and the rest of the core, logging, Netty and Jackson —
 * which always come from the host (parent-first), so there is exactly one copy of each and extensions are found.
 * PF4J itself only forces {@code java.} and {@code org.pf4j.} to the parent.
 */
final class EstuaryPluginClassLoader extends PluginClassLoader {
    /** Packages always loaded by the host. */
    static final String[] SHARED_PACKAGES = {
        "dev.estuary.core.", "org.slf4j.", "io.netty.", "com.fasterxml.jackson.", "ch.qos.logback.",
    };

    EstuaryPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    static boolean shared(String className) {
        for (String p : SHARED_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (shared(className)) {
            synchronized (getClassLoadingLock(className)) {
                Class<?> c = findLoadedClass(className);
                return c != null ? c : getParent().loadClass(className);
            }
        }
        return super.loadClass(className);
    }
}
