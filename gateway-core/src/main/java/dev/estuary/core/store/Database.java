package dev.estuary.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The gateway's SQLite database ({@code data/estuary.db}): one connection, WAL mode, a versioned schema brought up
 * to date by forward {@link Migration}s when opened.
 *
 * <p>Opening never silently resets anything: a file that is not an SQLite database, a database of another
 * application, a corrupt one or one with a newer schema than this build knows all raise a {@link StoreException}
 * naming the file and what to do. A missing file is created.
 *
 * <p>Threading: the connection is guarded by a lock, so stores may be called from any thread, but calls block on
 * I/O: the gateway makes them only from its database executor ({@link StoreExecutor}), never from event loops.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** How long a writer waits for another process (the CLI, a second gateway) to release the database. */
    private static final int BUSY_TIMEOUT_MS = 5000;

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** The default location: {@code estuary.db} in the node's data directory. */
    public static Path defaultFile(String dataDir) {
        return Path.of(dataDir).resolve("estuary.db");
    }

    /** Opens (creating if missing) and migrates the database at {@code file} to the current {@link Schema}. */
    public static Database open(Path file) {
        return open(file, Schema.MIGRATIONS);
    }

    /**
     * Opens the database at {@code file} and applies the given migrations (tests pass a prefix of
     * {@link Schema#MIGRATIONS} to build an older database).
     *
     * @throws StoreException naming the file when it cannot be used
     */
    public static Database open(Path file, List<Migration> migrations) {
        Path abs = file.toAbsolutePath().normalize();
        checkFile(abs);
        Connection c = connect(abs);
        try {
            Database db = new Database(abs, c);
            db.initialise(migrations);
            return db;
        } catch (SQLException e) {
            closeQuietly(c);
            throw describe(abs, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void checkFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new StoreException("database " + file + " is a directory, not a file");
        }
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.exists(file) && Files.size(file) > 0) {
                byte[] head = new byte[SQLITE_HEADER.length];
                int n;
                try (InputStream in = Files.newInputStream(file)) {
                    n = in.readNBytes(head, 0, head.length);
                }
                if (n < head.length || !Arrays.equals(head, SQLITE_HEADER)) {
                    throw new StoreException("database " + file + " is not an SQLite database (corrupt or a "
                            + "foreign file); refusing to start rather than overwrite it. Restore it from a backup, "
                            + "move it away to start with an empty database, or point node.data_dir elsewhere");
                }
            }
        } catch (IOException e) {
            throw new StoreException("database " + file + " cannot be read or created: " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        try {
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw describe(file, e);
        }
    }

    private void initialise(List<Migration> migrations) throws SQLException {
        int appId = pragmaInt("application_id");
        int version = pragmaInt("user_version");
        if (appId != Schema.APPLICATION_ID) {
            if (appId != 0) {
                throw new StoreException("database " + file + " belongs to another application (application_id "
                        + String.format("0x%08X", appId) + "); refusing to use it. Point node.data_dir elsewhere");
            }
            if (version != 0 || objectCount() > 0) {
                throw new StoreException("database " + file + " is an SQLite database but not Estuary's (it has "
                        + "tables and no Estuary application id); refusing to use it. Point node.data_dir elsewhere");
            }
        }
        int latest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        if (version > latest) {
            throw new StoreException("database " + file + " has schema version " + version + ", newer than the "
                    + latest + " this Estuary version knows; upgrade Estuary or restore a backup of the database");
        }
        if (appId == Schema.APPLICATION_ID) {
            quickCheck();
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
            String mode = rs.next() ? rs.getString(1) : "?";
            if (!"wal".equalsIgnoreCase(mode)) {
                LOG.warn("database {}: journal mode is {}, not WAL", file, mode);
            }
        }
        for (Migration m : migrations) {
            migrate(m);
        }
    }

    private void quickCheck() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            String first = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equalsIgnoreCase(first)) {
                throw new StoreException("database " + file + " is corrupt (" + first + "); refusing to start. "
                        + "Restore it from a backup, or move it away to start with an empty database");
            }
        }
    }

    private void migrate(Migration m) throws SQLException {
        if (pragmaInt("user_version") >= m.version()) {
            return;
        }
        connection.setAutoCommit(false); // BEGIN IMMEDIATE: another process migrating at once waits here
        try {
            if (pragmaInt("user_version") >= m.version()) {
                connection.rollback();
                return;
            }
            try (Statement st = connection.createStatement()) {
                if (m.version() == 1) {
                    st.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
                }
                for (String sql : m.statements()) {
                    st.execute(sql);
                }
                st.execute("PRAGMA user_version = " + m.version());
            }
            connection.commit();
            LOG.info("database {}: schema version {} ({})", file, m.version(), m.description());
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private int pragmaInt(String name) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private int objectCount() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The file this database lives in. */
    public Path file() {
        return file;
    }

    /** The schema version ({@code PRAGMA user_version}). */
    public int schemaVersion() {
        return read(c -> pragmaInt("user_version"));
    }

    /**
     * The change counter {@code name} ("users", "acl"), bumped by triggers on every insert, update and delete of
     * the tables it watches, whichever process made the change.
     */
    public long changeCounter(String name) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM changes WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Runs {@code work} with the connection in auto-commit mode. */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw describe(file, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one write transaction (BEGIN IMMEDIATE), committed when it returns. */
    public <T> T write(SqlWork<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw describe(file, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("database {}: close failed: {}", file, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private static StoreException describe(Path file, SQLException e) {
        if (e instanceof SQLiteException) {
            int primary = ((SQLiteException) e).getResultCode().code & 0xFF; // extended codes keep it in the low byte
            if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
                return new StoreException("database " + file + " is corrupt or not a database (" + e.getMessage()
                        + "); refusing to start. Restore it from a backup, or move it away to start with an empty "
                        + "database", e);
            }
            if (primary == SQLiteErrorCode.SQLITE_BUSY.code) {
                return new StoreException("database " + file + " stayed locked by another process for "
                        + BUSY_TIMEOUT_MS + " ms: " + e.getMessage(), e);
            }
        }
        return new StoreException("database " + file + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing with a better message
        }
    }

    /** Work on the connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
