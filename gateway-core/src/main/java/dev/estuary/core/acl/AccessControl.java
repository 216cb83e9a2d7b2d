package dev.estuary.core.acl;

import dev.estuary.core.Broker;
import dev.estuary.core.StartupException;
import dev.estuary.core.auth.PasswordAuthenticator;
import dev.estuary.core.auth.SqliteUserStore;
import dev.estuary.core.auth.UserStore;
import dev.estuary.core.config.AuthConfig;
import dev.estuary.core.store.Database;
import dev.estuary.core.store.StoreException;
import dev.estuary.core.store.StoreExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and ACLs backed by {@code estuary.db}, assembled: the database, its executor, the
 * {@link PasswordAuthenticator}, the {@link AclEngine}, and a watcher that picks up changes other processes (the
 * CLI) make while the gateway runs. {@link #open} fails closed: a database that cannot be read stops startup.
 */
public final class AccessControl implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

    private final AuthConfig config;
    private final Database db;
    private final StoreExecutor executor;
    private final ExecutorService hashing;
    private final UserStore users;
    private final AclStore acl;
    private final PasswordAuthenticator authenticator;
    private final AclEngine engine;
    private final ScheduledFuture<?> watch;
    /** Only touched on the database executor. */
    private long usersVersion;
    private long aclVersion;

    private AccessControl(AuthConfig config, Database db, Clock clock) {
        this.config = config;
        this.db = db;
        this.executor = new StoreExecutor();
        this.hashing = hashingPool();
        this.users = new SqliteUserStore(db, clock);
        this.acl = new SqliteAclStore(db);
        this.usersVersion = users.version();
        this.aclVersion = acl.version();
        List<AclRule> rules = acl.list();
        this.engine = new AclEngine(rules, config.nomatchAllows(), config.aclCacheSize());
        this.authenticator = new PasswordAuthenticator(users, config, executor, hashing);
        this.watch = executor.every(config.reloadInterval(), "checking the database for user and ACL changes",
                this::poll);
        LOG.info("auth: database {}, {} users, {} ACL rules", db.file(), users.list().size(), rules.size());
    }

    /**
     * Opens (creating if needed) the database and loads users and rules.
     *
     * @throws StartupException when the database cannot be used (corrupt, foreign, newer schema, invalid rules)
     */
    public static AccessControl open(Path dbFile, AuthConfig config, Clock clock) {
        Database db;
        try {
            db = Database.open(dbFile);
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        try {
            AccessControl ac = new AccessControl(config, db, clock);
            ac.warnAboutDefaults();
            return ac;
        } catch (StoreException e) {
            db.close();
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static ExecutorService hashingPool() {
        int n = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        AtomicInteger seq = new AtomicInteger();
        return Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "estuary-auth-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private void warnAboutDefaults() {
        if (config.allowAnonymous()) {
            LOG.warn("SECURITY: auth.allow_anonymous is true: any client can connect without credentials. "
                    + "For production set auth.allow_anonymous: false and add users with 'estuary users add' "
                    + "(docs/security.md)");
        } else if (users.list().isEmpty()) {
            LOG.warn("SECURITY: auth.allow_anonymous is false and the database has no users: no client can log "
                    + "in with a password. Add one with 'estuary users add NAME'");
        }
        if (config.nomatchAllows()) {
            LOG.warn("SECURITY: auth.acl_nomatch is allow: a client may publish and subscribe to any topic that no "
                    + "ACL rule denies. For production set auth.acl_nomatch: deny and allow what each client needs "
                    + "with 'estuary acl add' (docs/security.md)");
        }
    }

    /**
     * Warns about ACL rules written for the {@code devices/} tree when device topics live under a mountpoint
     * ({@code devices.mountpoint}): such rules never match (the default device rules among them), so devices fall
     * to {@code auth.acl_nomatch}. Returns the number of such rules.
     */
    public int warnAboutMountpoint(String mountpoint) {
        if (mountpoint == null || mountpoint.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (AclRule r : acl.list()) {
            boolean unprefixed = r.topics().stream().anyMatch(t -> t.filter().startsWith("devices/"));
            if (unprefixed) {
                n++;
                LOG.warn("ACL rule {} {} names topics under devices/, but devices.mountpoint is '{}' so device topics "
                        + "are {}devices/...: the rule never matches them. Add the prefix to its topics "
                        + "('estuary acl export', edit, 'estuary acl import'; docs/security.md)", r.id(), r,
                        mountpoint, mountpoint);
            }
        }
        return n;
    }

    /** Makes the broker use these users and rules. */
    public void install(Broker broker) {
        broker.setAuthenticator(authenticator);
        broker.setAuthorizer(engine);
    }

    public PasswordAuthenticator authenticator() {
        return authenticator;
    }

    public AclEngine authorizer() {
        return engine;
    }

    /** The user store (blocking; use from the database executor or a management thread). */
    public UserStore users() {
        return users;
    }

    /** The rule store (blocking; use from the database executor or a management thread). */
    public AclStore acl() {
        return acl;
    }

    public Database database() {
        return db;
    }

    /** The gateway's database thread: other SQLite-backed stores hand their work here too. */
    public StoreExecutor executor() {
        return executor;
    }

    /** Checks for changes now instead of at the next interval, and waits until done. */
    public void refresh() {
        executor.submit(() -> {
            poll();
            return null;
        }).join();
    }

    private void poll() {
        try {
            long u = users.version();
            if (u != usersVersion) {
                usersVersion = u;
                authenticator.invalidate();
                LOG.info("users changed: credential cache cleared");
            }
        } catch (RuntimeException e) {
            LOG.error("cannot check the database for user changes; cached credentials stay in use", e);
        }
        try {
            long a = acl.version();
            if (a != aclVersion) {
                List<AclRule> rules = acl.list();
                engine.update(rules);
                aclVersion = a;
                LOG.info("ACL reloaded: {} rules", rules.size());
            }
        } catch (RuntimeException e) {
            LOG.error("cannot reload the ACL rules; the previous rules stay in force", e);
        }
    }

    @Override
    public void close() {
        watch.cancel(false);
        executor.close();
        hashing.shutdown();
        try {
            hashing.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}
