package dev.estuary.core.auth;

/**
 * A user that can log in with a password.
 *
 * @param username        the name, any string (it is data: quotes, {@code %}, U+0000 are kept as sent)
 * @param passwordHash    the encoded hash ({@link PasswordHasher} format), never the password
 * @param superuser       ACL checks are skipped for this user
 * @param createdAtMillis when the user was added
 * @param updatedAtMillis when the password or flags last changed
 */
public record User(String username, String passwordHash, boolean superuser, long createdAtMillis,
                   long updatedAtMillis) {
    @Override
    public String toString() {
        return "User[" + username + (superuser ? ", superuser" : "") + "]"; // never print the hash
    }
}
