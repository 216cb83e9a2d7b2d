package dev.estuary.core.auth;

import java.util.List;
import java.util.Optional;

/**
 * Where users are kept. The SQLite implementation is the real one; the in-memory one serves tests and embedded
 * use. Implementations block on I/O: call them from the database executor, never from an event loop.
 */
public interface UserStore {
    Optional<User> find(String username);

    /** All users, ordered by name. */
    List<User> list();

    /**
     * Adds a user.
     *
     * @return false when a user of that name exists (nothing is changed)
     */
    boolean add(String username, String passwordHash, boolean superuser);

    /** Replaces the password hash; false when there is no such user. */
    boolean setPassword(String username, String passwordHash);

    /** Sets or clears the superuser flag; false when there is no such user. */
    boolean setSuperuser(String username, boolean superuser);

    /** Removes a user; false when there was none. */
    boolean delete(String username);

    /** A number that changes whenever any user is added, changed or removed (by any process). */
    long version();
}
