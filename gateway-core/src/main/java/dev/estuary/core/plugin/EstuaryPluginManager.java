package dev.estuary.core.plugin;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.BasePluginLoader;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.DefaultPluginManager;
import org.pf4j.DevelopmentPluginClasspath;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;

/**
 * PF4J's default manager (plugins as zip or jar in the plugins folder, or exploded build output in development)
 * with Estuary's class-loading rule ({@link EstuaryPluginClassLoader}).
 */
final class EstuaryPluginManager extends DefaultPluginManager {
    EstuaryPluginManager(List<Path> roots) {
        super(roots);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new BasePluginLoader(this, new DevelopmentPluginClasspath()) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor d) {
                        return new EstuaryPluginClassLoader(pluginManager, d, getClass().getClassLoader());
                    }
                }, this::isDevelopment)
                .add(new JarPluginLoader(this) {
                    @Override
                    public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor d) {
                        EstuaryPluginClassLoader cl = new EstuaryPluginClassLoader(pluginManager, d,
                                getClass().getClassLoader());
                        cl.addFile(pluginPath.toFile());
                        return cl;
                    }
                }, this::isNotDevelopment)
                .add(new BasePluginLoader(this, new DefaultPluginClasspath()) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor d) {
                        return new EstuaryPluginClassLoader(pluginManager, d, getClass().getClassLoader());
                    }
                }, this::isNotDevelopment);
    }
}
