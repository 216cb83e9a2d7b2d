package dev.estuary.server.cli;

import dev.estuary.core.plugin.PluginCatalog;
import dev.estuary.core.plugin.PluginInfo;
import dev.estuary.server.Gateway;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code estuary plugins list|install|enable|disable|uninstall}: manages the plugins folder
 * ({@code node.plugins_dir}). Changes take effect at the next start of the gateway.
 */
@Command(name = "plugins", description = "Manage adapter plugins in the plugins folder (effective at next start)",
        subcommands = {PluginsCommand.List.class, PluginsCommand.Install.class, PluginsCommand.Enable.class,
            PluginsCommand.Disable.class, PluginsCommand.Uninstall.class})
public final class PluginsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: list, install, enable, disable or uninstall");
    }

    /** Shared: the config option and the catalog of the configured folder. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Spec
        CommandSpec spec;

        PluginCatalog catalog() {
            return new PluginCatalog(Gateway.pluginsDir(configOption.load()));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int notFound(String id) {
            spec.commandLine().getErr().println("estuary: no plugin '" + id + "' in the plugins folder");
            return ExitCodes.USAGE;
        }
    }

    @Command(name = "list", description = "List installed plugins and whether they start")
    static final class List extends Base {
        @Override
        public Integer call() {
            PluginCatalog c = catalog();
            PrintWriter out = out();
            out.printf("%-28s %-16s %-9s %s%n", "ID", "VERSION", "STATE", "PATH");
            for (PluginInfo p : c.list()) {
                out.printf("%-28s %-16s %-9s %s%n", p.id(), p.version(), p.state(), p.path());
            }
            out.println("(plugins folder: " + c.folder() + ")");
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "install", description = "Copy a plugin archive (zip or jar) into the plugins folder")
    static final class Install extends Base {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            try {
                String id = catalog().install(file);
                out().println("installed plugin " + id + " (starts at the next start of the gateway)");
                out().flush();
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("estuary: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
    }

    @Command(name = "enable", description = "Enable a plugin")
    static final class Enable extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            if (!catalog().enable(id)) {
                return notFound(id);
            }
            out().println("enabled plugin " + id + " (effective at the next start of the gateway)");
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "disable", description = "Disable a plugin")
    static final class Disable extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            if (!catalog().disable(id)) {
                return notFound(id);
            }
            out().println("disabled plugin " + id + " (effective at the next start of the gateway)");
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "uninstall", description = "Delete a plugin from the plugins folder")
    static final class Uninstall extends Base {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            if (!catalog().uninstall(id)) {
                return notFound(id);
            }
            out().println("uninstalled plugin " + id);
            out().flush();
            return ExitCodes.OK;
        }
    }
}
