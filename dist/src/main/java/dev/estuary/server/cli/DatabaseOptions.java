package dev.estuary.server.cli;

import dev.estuary.core.store.Database;
import dev.estuary.core.store.StoreException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the management commands find {@code estuary.db}: {@code --db FILE}, else {@code node.data_dir} of the
 * configuration ({@code -c FILE}, or {@code ./estuary.yaml}, plus environment overrides), exactly as
 * {@code estuary start} resolves it. New password hashes use that configuration's
 * {@code auth.password_hash_iterations}.
 */
public final class DatabaseOptions {
    @Mixin
    ConfigOption config;

    @Option(names = "--db", paramLabel = "FILE", description = "The database file itself (instead of node.data_dir)")
    Path db;

    /** The database file to open. */
    Path file() {
        return db != null ? db : Database.defaultFile(config.load().node().dataDir());
    }

    /** PBKDF2 iterations for new password hashes. */
    int hashIterations() {
        return config.load().auth().passwordHashIterations();
    }

    /** Opens the database; a file that cannot be used is reported as a {@link CliException}. */
    Database open() {
        try {
            return Database.open(file());
        } catch (StoreException e) {
            throw new CliException(e.getMessage());
        }
    }
}
