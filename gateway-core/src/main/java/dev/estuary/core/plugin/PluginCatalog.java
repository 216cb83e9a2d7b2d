package dev.estuary.core.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The plugins folder seen without running anything: what is installed, enabled or disabled. Used by
 * {@code estuary plugins ...}; changes are written to the folder (archives, PF4J's {@code enabled.txt} and
 * {@code disabled.txt}) and take effect at the next start of the gateway.
 */
public final class PluginCatalog {
    private final Path pluginsDir;
    private final EstuaryPluginManager manager;

    public PluginCatalog(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
        try {
            Files.createDirectories(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create plugins folder " + pluginsDir, e);
        }
        this.manager = new EstuaryPluginManager(List.of(pluginsDir));
        manager.loadPlugins();
    }

    /** Installed plugins with their state (RESOLVED = will start, DISABLED), without their adapters. */
    public List<PluginInfo> list() {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginWrapper w : manager.getPlugins()) {
            String state = w.getPluginState() == PluginState.DISABLED ? "DISABLED" : "ENABLED";
            out.add(new PluginInfo(w.getPluginId(), w.getDescriptor().getVersion(), state,
                    String.valueOf(w.getPluginPath()), List.of(), List.of(), null));
        }
        return out;
    }

    /**
     * Copies an archive into the folder after checking it is a loadable plugin.
     *
     * @return the plugin id
     * @throws IllegalArgumentException when the file is not a plugin or the id is already installed
     */
    public String install(Path archive) {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("no such file: " + archive);
        }
        Path target = pluginsDir.resolve(archive.getFileName());
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " already exists: uninstall the plugin first");
        }
        try {
            Files.copy(archive, target, StandardCopyOption.COPY_ATTRIBUTES);
            String id;
            try {
                id = manager.loadPlugin(target);
            } catch (RuntimeException e) {
                Files.deleteIfExists(target);
                throw new IllegalArgumentException(archive + " is not a usable plugin: " + e.getMessage(), e);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + archive + " into " + pluginsDir, e);
        }
    }

    public boolean enable(String pluginId) {
        return manager.getPlugin(pluginId) != null && manager.enablePlugin(pluginId);
    }

    public boolean disable(String pluginId) {
        return manager.getPlugin(pluginId) != null && manager.disablePlugin(pluginId);
    }

    /** Deletes the plugin's archive (and its expanded folder). */
    public boolean uninstall(String pluginId) {
        return manager.getPlugin(pluginId) != null && manager.deletePlugin(pluginId);
    }

    public Path folder() {
        return pluginsDir;
    }
}
