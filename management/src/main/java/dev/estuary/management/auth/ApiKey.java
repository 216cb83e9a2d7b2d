package dev.estuary.management.auth;

/**
 * An API key as stored: its name, the hash of its secret (never the secret), when it was made and when it
 * expires.
 *
 * @param name            the key's name, also the user part of HTTP Basic authentication
 * @param secretHash      {@code sha256$<hex>} of the secret
 * @param description     what it is for, or null
 * @param createdAtMillis when it was created
 * @param expiresAtMillis when it stops working, 0 for never
 */
public record ApiKey(String name, String secretHash, String description, long createdAtMillis,
                     long expiresAtMillis) {
    public boolean expired(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    @Override
    public String toString() {
        return "ApiKey[" + name + "]"; // never print the hash
    }
}
