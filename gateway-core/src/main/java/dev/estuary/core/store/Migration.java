package dev.estuary.core.store;

import java.util.List;
import java.util.Objects;

/**
 * One forward step of the database schema. Migrations are applied in version order, each in its own transaction
 * together with the new {@code PRAGMA user_version}, so a crash leaves the database at the previous version.
 *
 * @param version     the schema version after this step (1, 2, ...)
 * @param description what the step adds, for the log
 * @param statements  the SQL statements, run in order
 */
public record Migration(int version, String description, List<String> statements) {
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + version);
        }
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
    }
}
