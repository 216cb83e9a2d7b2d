package dev.estuary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.config.NodeConfig;
import dev.estuary.core.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the management commands find {@code estuary.db}: {@code --db FILE}, else {@code node.data_dir} of the
 * configuration file given with {@code -c}, else the default data directory, as the gateway itself resolves it.
 */
public final class DatabaseOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file; its node.data_dir locates estuary.db")
    Path config;

    @Option(names = "--db", paramLabel = "FILE", description = "The database file itself (overrides -c)")
    Path db;

    /** The database file to open. */
    Path file() {
        if (db != null) {
            return db;
        }
        String dataDir = NodeConfig.DEFAULTS.dataDir();
        JsonNode node = configTree().path("node").path("data_dir");
        if (node.isTextual()) {
            dataDir = node.asText();
        }
        return Database.defaultFile(dataDir);
    }

    /** PBKDF2 iterations for new hashes: {@code auth.password_hash_iterations} of the config file, or the default. */
    int hashIterations() {
        JsonNode n = configTree().path("auth").path("password_hash_iterations");
        return n.canConvertToInt() ? n.asInt() : AuthConfig.DEFAULTS.passwordHashIterations();
    }

    private JsonNode configTree() {
        if (config == null) {
            return new ObjectMapper().createObjectNode();
        }
        if (!Files.isReadable(config)) {
            throw new CliException("configuration file " + config + " cannot be read");
        }
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
            return tree == null ? new ObjectMapper().createObjectNode() : tree;
        } catch (IOException e) {
            throw new CliException("configuration file " + config + ": " + e.getMessage());
        }
    }

    /** Opens the database; a file that cannot be used is reported as a {@link CliException}. */
    Database open() {
        try {
            return Database.open(file());
        } catch (dev.estuary.core.store.StoreException e) {
            throw new CliException(e.getMessage());
        }
    }
}
