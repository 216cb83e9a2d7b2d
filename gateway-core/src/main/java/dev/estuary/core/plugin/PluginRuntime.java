package dev.estuary.core.plugin;

import dev.estuary.core.adapter.AdapterRuntime;
import dev.estuary.core.spi.PayloadCodec;
import dev.estuary.core.spi.ProtocolAdapter;
import dev.estuary.core.spi.SpiVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugins (zip or jar) from the plugins folder with PF4J, registers their payload codecs and starts their
 * protocol adapters. A plugin that fails to start, or whose adapter throws in {@code start}, is stopped and
 * reported with its id and the reason; the gateway and the other plugins keep running. Enable, disable, install
 * and uninstall work at runtime and persist in the plugins folder ({@code enabled.txt}/{@code disabled.txt}).
 */
public final class PluginRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    private final Path pluginsDir;
    private final List<Path> extraPlugins;
    private final AdapterRuntime adapters;
    private final EstuaryPluginManager manager;
    private final Map<String, RunningAdapter> running = new LinkedHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    private record RunningAdapter(String pluginId, ProtocolAdapter adapter) {
    }

    /**
     * @param pluginsDir   the folder plugins are loaded from and installed into (created if missing)
     * @param extraPlugins further plugin archives or exploded folders (development and tests)
     */
    public PluginRuntime(Path pluginsDir, List<Path> extraPlugins, AdapterRuntime adapters) {
        this.pluginsDir = pluginsDir;
        this.extraPlugins = List.copyOf(extraPlugins);
        this.adapters = adapters;
        try {
            Files.createDirectories(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create plugins folder " + pluginsDir, e);
        }
        this.manager = new EstuaryPluginManager(List.of(pluginsDir));
    }

    /** Loads and starts everything; never throws for a broken plugin. */
    public synchronized void start() {
        manager.loadPlugins();
        for (Path p : extraPlugins) {
            try {
                manager.loadPlugin(p);
            } catch (RuntimeException e) {
                LOG.error("plugin at {} could not be loaded: {}", p, e.getMessage(), e);
                failures.put(p.toString(), e.getMessage());
            }
        }
        manager.startPlugins();
        for (PluginWrapper w : manager.getPlugins()) {
            if (w.getPluginState() == PluginState.FAILED) {
                reportFailedPlugin(w);
            }
        }
        registerCodecs(null);
        startAdapters(null);
        for (PluginInfo info : list()) {
            LOG.info("plugin {} {} [{}] adapters={} codecs={}{}", info.id(), info.version(), info.state(),
                    info.adapters(), info.codecs(), info.error() == null ? "" : " error: " + info.error());
        }
    }

    private void reportFailedPlugin(PluginWrapper w) {
        Throwable t = w.getFailedException();
        String why = t == null ? "unknown" : t.toString();
        failures.put(w.getPluginId(), why);
        LOG.error("plugin '{}' failed to start and is disabled: {}", w.getPluginId(), why, t);
    }

    /** Registers the codecs of one started plugin, or of every started plugin when {@code pluginId} is null. */
    private void registerCodecs(String pluginId) {
        List<String> ids = new ArrayList<>();
        if (pluginId == null) {
            manager.getStartedPlugins().forEach(w -> ids.add(w.getPluginId()));
        } else {
            ids.add(pluginId);
        }
        for (String id : ids) {
            for (PayloadCodec c : manager.getExtensions(PayloadCodec.class, id)) {
                try {
                    adapters.codecs().register(c, id);
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("payload codec {} of plugin '{}' could not be registered: {}", c.getClass().getName(),
                            id, e.toString());
                }
            }
        }
    }

    private void startAdapters(String onlyPlugin) {
        List<PluginWrapper> targets = new ArrayList<>();
        if (onlyPlugin == null) {
            targets.addAll(manager.getStartedPlugins());
        } else {
            PluginWrapper w = manager.getPlugin(onlyPlugin);
            if (w != null && w.getPluginState() == PluginState.STARTED) {
                targets.add(w);
            }
        }
        for (PluginWrapper w : targets) {
            startAdaptersOf(w.getPluginId(), manager.getExtensions(ProtocolAdapter.class, w.getPluginId()));
        }
    }

    private void startAdaptersOf(String pluginId, List<ProtocolAdapter> list) {
        for (ProtocolAdapter a : list) {
            String id;
            try {
                id = a.id();
                if (id == null || !id.matches("[a-z][a-z0-9-]*")) {
                    throw new IllegalArgumentException("adapter id must be lowercase letters, digits and '-': " + id);
                }
                if (running.containsKey(id)) {
                    throw new IllegalStateException("adapter id '" + id + "' is already provided by plugin "
                            + running.get(id).pluginId());
                }
                if (!SpiVersion.isCompatible(a.spiVersion())) {
                    throw new IllegalStateException("adapter built for SPI " + a.spiVersion()
                            + ", this gateway offers SPI " + SpiVersion.CURRENT);
                }
            } catch (RuntimeException | LinkageError e) {
                fail(pluginId, a.getClass().getName(), e);
                continue;
            }
            try {
                a.start(adapters.contextFor(id));
                running.put(id, new RunningAdapter(pluginId, a));
                LOG.info("adapter '{}' from plugin {} started", id, pluginId);
            } catch (Exception | LinkageError e) {
                fail(pluginId, id, e);
                adapters.closeDevices(id, "adapter failed to start");
                try {
                    a.stop();
                } catch (Exception | LinkageError ignored) {
                    // already reported the start failure
                }
            }
        }
    }

    private void fail(String pluginId, String adapter, Throwable e) {
        String why = adapter + ": " + e;
        failures.put(pluginId, why);
        LOG.error("plugin '{}' disabled: adapter {} failed to start: {}", pluginId, adapter, e.toString(), e);
        if (manager.getPlugin(pluginId) != null) {
            try {
                manager.stopPlugin(pluginId);
            } catch (RuntimeException stopError) {
                LOG.warn("plugin '{}' could not be stopped: {}", pluginId, stopError.toString());
            }
        }
    }

    private void stopAdapters(String pluginId) {
        List<String> ids = new ArrayList<>(running.keySet());
        java.util.Collections.reverse(ids);
        for (String id : ids) {
            RunningAdapter r = running.get(id);
            if (pluginId != null && !r.pluginId().equals(pluginId)) {
                continue;
            }
            try {
                r.adapter().stop();
            } catch (Exception | LinkageError e) {
                LOG.error("adapter '{}' failed to stop cleanly: {}", id, e.toString(), e);
            }
            adapters.closeDevices(id, "adapter stopped");
            running.remove(id);
        }
    }

    /** Disables a plugin now and at next start. Returns false when it is unknown. */
    public synchronized boolean disable(String pluginId) {
        if (manager.getPlugin(pluginId) == null) {
            return false;
        }
        stopAdapters(pluginId);
        return manager.disablePlugin(pluginId);
    }

    /** Enables and starts a plugin now and at next start. Returns false when it is unknown. */
    public synchronized boolean enable(String pluginId) {
        if (manager.getPlugin(pluginId) == null) {
            return false;
        }
        failures.remove(pluginId);
        manager.enablePlugin(pluginId);
        PluginState state = manager.startPlugin(pluginId);
        if (state == PluginState.STARTED) {
            registerCodecs(pluginId);
            startAdapters(pluginId);
        } else {
            reportFailedPlugin(manager.getPlugin(pluginId));
        }
        return true;
    }

    /** Copies a plugin archive into the plugins folder, loads and starts it; returns its id. */
    public synchronized String install(Path archive) {
        Path target = pluginsDir.resolve(archive.getFileName());
        try {
            Files.copy(archive, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + archive + " to " + pluginsDir, e);
        }
        String id = manager.loadPlugin(target);
        PluginState state = manager.startPlugin(id);
        if (state == PluginState.STARTED) {
            registerCodecs(id);
            startAdapters(id);
        } else {
            reportFailedPlugin(manager.getPlugin(id));
        }
        return id;
    }

    /** Stops and deletes a plugin. Returns false when it is unknown. */
    public synchronized boolean uninstall(String pluginId) {
        if (manager.getPlugin(pluginId) == null) {
            return false;
        }
        stopAdapters(pluginId);
        failures.remove(pluginId);
        return manager.deletePlugin(pluginId);
    }

    /** Every plugin with its state, adapters, codecs and failure. */
    public synchronized List<PluginInfo> list() {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginWrapper w : manager.getPlugins()) {
            String id = w.getPluginId();
            List<String> adapterStates = new ArrayList<>();
            running.forEach((aid, r) -> {
                if (r.pluginId().equals(id)) {
                    adapterStates.add(aid + ": running");
                }
            });
            List<String> codecs = new ArrayList<>();
            if (w.getPluginState() == PluginState.STARTED) {
                for (PayloadCodec c : manager.getExtensions(PayloadCodec.class, id)) {
                    codecs.add(c.id());
                }
            }
            String error = failures.get(id);
            String state = error != null ? "FAILED" : w.getPluginState().toString();
            out.add(new PluginInfo(id, w.getDescriptor().getVersion(), state, String.valueOf(w.getPluginPath()),
                    adapterStates, codecs, error));
        }
        return out;
    }

    /** Ids of the adapters running now. */
    public synchronized List<String> runningAdapters() {
        return new ArrayList<>(running.keySet());
    }

    /** The PF4J manager (tests, management). */
    PluginManager manager() {
        return manager;
    }

    @Override
    public synchronized void close() {
        stopAdapters(null);
        manager.stopPlugins();
        manager.unloadPlugins();
    }
}
