package dev.estuary.core.auth;

import dev.estuary.core.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteUserStoreTest extends UserStoreContractTest {
    @TempDir
    Path dir;
    private Database db;

    @Override
    protected UserStore create() {
        db = Database.open(dir.resolve("estuary.db"));
        return new SqliteUserStore(db, CLOCK);
    }

    @AfterEach
    void close() {
        db.close();
    }
}
