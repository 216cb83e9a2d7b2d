package dev.estuary.core.plugin;

import dev.estuary.core.spi.AdapterCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AdapterCommand}s contributed by the plugins of a plugins folder, for the command line. The plugins are
 * loaded and started with PF4J (which returns the extensions of started plugins only), but no protocol adapter is
 * started: nothing listens, nothing connects. Disabled plugins contribute nothing. A plugin that fails to start, or
 * whose command cannot be created, is skipped and listed in {@link #problems()}; the others stay usable.
 * {@link #close()} stops and unloads the plugins.
 */
public final class AdapterCommands implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterCommands.class);
    private static final String NAME = "[a-z][a-z0-9-]*";

    private final EstuaryPluginManager manager;
    private final Map<String, Map<String, Entry>> byAdapter = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> disabled = new ArrayList<>();

    private record Entry(String pluginId, AdapterCommand command) {
    }

    private AdapterCommands(Path pluginsDir) {
        this.manager = new EstuaryPluginManager(List.of(pluginsDir));
    }

    /** Loads the plugins of {@code pluginsDir} (none when it does not exist) and collects their commands. */
    public static AdapterCommands load(Path pluginsDir) {
        AdapterCommands commands = new AdapterCommands(pluginsDir);
        if (Files.isDirectory(pluginsDir)) {
            commands.collect();
        }
        return commands;
    }

    private void collect() {
        try {
            manager.loadPlugins();
        } catch (RuntimeException e) { // e.g. a plugin whose dependency is missing: PF4J resolves none then
            problems.add("the plugins cannot be loaded: " + e.getMessage());
            LOG.debug("loading the plugins failed", e);
            return;
        }
        manager.startPlugins();
        for (PluginWrapper w : manager.getPlugins()) {
            if (w.getPluginState() == PluginState.DISABLED) {
                disabled.add(w.getPluginId());
            } else if (w.getPluginState() != PluginState.STARTED) {
                Throwable t = w.getFailedException();
                problem(w.getPluginId(), "did not start (" + w.getPluginState()
                        + (t == null ? "" : ": " + t) + ")", t);
            } else {
                collect(w.getPluginId());
            }
        }
    }

    private void collect(String pluginId) {
        List<Class<? extends AdapterCommand>> classes;
        try {
            classes = manager.getExtensionClasses(AdapterCommand.class, pluginId);
        } catch (RuntimeException | LinkageError e) {
            problem(pluginId, "its commands cannot be found: " + e, e);
            return;
        }
        for (Class<? extends AdapterCommand> type : classes) {
            AdapterCommand c;
            String adapterId;
            String name;
            try { // instead of PF4J's getExtensions, which logs a stack trace for a command it cannot create
                c = manager.getExtensionFactory().create(type);
                adapterId = c.adapterId();
                name = c.name();
            } catch (RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                problem(pluginId, "command " + type.getName() + " cannot be created: " + cause, e);
                continue;
            }
            if (adapterId == null || !adapterId.matches(NAME) || name == null || !name.matches(NAME)) {
                problem(pluginId, "command " + type.getName() + " has an invalid adapter id or name ('"
                        + adapterId + "', '" + name + "'): lowercase letters, digits and '-' only", null);
                continue;
            }
            Map<String, Entry> commands = byAdapter.computeIfAbsent(adapterId, k -> new TreeMap<>());
            Entry first = commands.get(name);
            if (first != null) {
                problem(pluginId, "command '" + adapterId + " " + name + "' is already provided by plugin '"
                        + first.pluginId() + "'; ignored", null);
                continue;
            }
            commands.put(name, new Entry(pluginId, c));
        }
    }

    private void problem(String pluginId, String what, Throwable t) {
        problems.add("plugin '" + pluginId + "' " + what);
        LOG.debug("plugin '{}' {}", pluginId, what, t);
    }

    /** The adapter ids that have at least one command, sorted. */
    public Set<String> adapterIds() {
        return byAdapter.keySet();
    }

    /** The commands of one adapter, sorted by name (empty when it has none). */
    public List<AdapterCommand> commandsOf(String adapterId) {
        return byAdapter.getOrDefault(adapterId, Map.of()).values().stream().map(Entry::command).toList();
    }

    /** One command. */
    public Optional<AdapterCommand> find(String adapterId, String name) {
        return Optional.ofNullable(byAdapter.getOrDefault(adapterId, Map.of()).get(name)).map(Entry::command);
    }

    /** Plugins or commands that could not be used, one sentence each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Ids of the disabled plugins (they contribute no commands). */
    public List<String> disabledPlugins() {
        return List.copyOf(disabled);
    }

    @Override
    public void close() {
        byAdapter.clear();
        try {
            manager.stopPlugins();
        } finally {
            manager.unloadPlugins();
        }
    }
}
