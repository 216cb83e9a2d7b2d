package dev.estuary.core.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link UserStore} in memory (tests, embedded brokers). Thread-safe. */
public final class InMemoryUserStore implements UserStore {
    private final Clock clock;
    private final TreeMap<String, User> users = new TreeMap<>();
    private long version;

    public InMemoryUserStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<User> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    @Override
    public synchronized List<User> list() {
        return new ArrayList<>(users.values());
    }

    @Override
    public synchronized boolean add(String username, String passwordHash, boolean superuser) {
        if (users.containsKey(username)) {
            return false;
        }
        long now = clock.millis();
        users.put(username, new User(username, passwordHash, superuser, now, now));
        version++;
        return true;
    }

    @Override
    public synchronized boolean setPassword(String username, String passwordHash) {
        User u = users.get(username);
        if (u == null) {
            return false;
        }
        users.put(username, new User(username, passwordHash, u.superuser(), u.createdAtMillis(), clock.millis()));
        version++;
        return true;
    }

    @Override
    public synchronized boolean setSuperuser(String username, boolean superuser) {
        User u = users.get(username);
        if (u == null) {
            return false;
        }
        users.put(username, new User(username, u.passwordHash(), superuser, u.createdAtMillis(), clock.millis()));
        version++;
        return true;
    }

    @Override
    public synchronized boolean delete(String username) {
        boolean removed = users.remove(username) != null;
        if (removed) {
            version++;
        }
        return removed;
    }

    @Override
    public synchronized long version() {
        return version;
    }
}
