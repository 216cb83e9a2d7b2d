package dev.estuary.server.cli;

import dev.estuary.core.config.ConfigLoadException;
import dev.estuary.core.config.ConfigLoader;
import dev.estuary.core.config.EnvOverride;
import dev.estuary.core.config.EstuaryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code -c FILE} option shared by the commands that read the configuration. Without it,
 * {@code estuary.yaml} in the working directory is used if present, else all defaults; a file named with
 * {@code -c} must exist. Environment overrides ({@code ESTUARY_SECTION__KEY}) apply on top either way.
 */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: ./" + ConfigLoader.DEFAULT_FILE + " if present, "
                    + "else built-in defaults)")
    Path file;

    /** The file to read, or null for defaults only. */
    public Path resolve() {
        if (file != null) {
            if (!Files.exists(file)) {
                throw new ConfigLoadException(file.toString(), "", "config file not found (given with -c)", null);
            }
            return file;
        }
        Path local = Path.of(ConfigLoader.DEFAULT_FILE);
        return Files.exists(local) ? local : null;
    }

    /** Loads the configuration with the process environment's overrides. */
    public EstuaryConfig load() {
        return loader().load(resolve());
    }

    /** The names of the environment variables that override the file. */
    public List<String> overrides() {
        return loader().overrides().stream().map(EnvOverride::variable).toList();
    }

    private static ConfigLoader loader() {
        return new ConfigLoader(System.getenv());
    }

    /** For logs: which file is used, or that there is none. */
    public String describe() {
        Path f = resolve();
        return f == null ? "built-in defaults (no " + ConfigLoader.DEFAULT_FILE + " in "
                + Path.of("").toAbsolutePath() + ")" : f.toAbsolutePath().normalize().toString();
    }
}
