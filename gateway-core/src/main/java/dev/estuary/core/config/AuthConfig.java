package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.util.Locale;

/**
 * Authentication and ACLs (the {@code auth:} section). Users and ACL rules live in the SQLite database
 * ({@code estuary.db} in {@code node.data_dir}) and are managed with {@code estuary users} and {@code estuary acl};
 * these keys say what happens around them. The defaults let the quick start work without set-up and are not meant
 * for production: see {@code docs/security.md}.
 *
 * @param allowAnonymous         let clients connect without a username (and without another identity below).
 *                               true.
 * @param aclNomatch             {@code allow} or {@code deny} what no ACL rule matches. allow.
 * @param aclDenyAction          what a denied PUBLISH from an MQTT 3.x client does: {@code ignore} (acknowledged
 *                               and dropped) or {@code disconnect}. MQTT 5 clients always get PUBACK/PUBREC 0x87.
 *                               ignore.
 * @param aclCacheSize           ACL decisions cached per connection and kind (publish, subscribe, receive);
 *                               0 disables the cache. 32.
 * @param passwordHashIterations PBKDF2-HMAC-SHA256 iterations for new password hashes (existing hashes keep their
 *                               own count). 100000.
 * @param credentialCacheSize    verified username/password pairs kept in memory so reconnects skip the hash;
 *                               0 disables. 10000.
 * @param clientidAuth           a client that sends a password but no username is checked as the user named by
 *                               its client id (which then becomes its username). false.
 * @param certAuth               a client with a verified TLS client certificate is logged in as the user named by
 *                               the certificate's CN, without a password. false.
 * @param reloadInterval         how often the running gateway looks for user and ACL changes made by the CLI.
 *                               1s.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuthConfig(Boolean allowAnonymous, String aclNomatch, String aclDenyAction, Integer aclCacheSize,
                         Integer passwordHashIterations, Integer credentialCacheSize, Boolean clientidAuth,
                         Boolean certAuth, Duration reloadInterval) {

    public static final AuthConfig DEFAULTS = new AuthConfig(null, null, null, null, null, null, null, null, null);

    public AuthConfig {
        allowAnonymous = Check.bool(allowAnonymous, true);
        aclNomatch = oneOf("acl_nomatch", aclNomatch, "allow", "allow", "deny");
        aclDenyAction = oneOf("acl_deny_action", aclDenyAction, "ignore", "ignore", "disconnect");
        aclCacheSize = Check.intIn("acl_cache_size", aclCacheSize, 32, 0, 1_000_000);
        passwordHashIterations = Check.intIn("password_hash_iterations", passwordHashIterations, 100_000, 1000,
                10_000_000);
        credentialCacheSize = Check.intIn("credential_cache_size", credentialCacheSize, 10_000, 0, 10_000_000);
        clientidAuth = Check.bool(clientidAuth, false);
        certAuth = Check.bool(certAuth, false);
        reloadInterval = Check.duration("reload_interval", reloadInterval, Duration.ofSeconds(1),
                Duration.ofMillis(10), Duration.ofHours(1));
    }

    /** Whether requests that no ACL rule matches are allowed. */
    public boolean nomatchAllows() {
        return aclNomatch.equals("allow");
    }

    /** Whether a denied publish from an MQTT 3.x client closes its connection. */
    public boolean disconnectOnDeniedPublish() {
        return aclDenyAction.equals("disconnect");
    }

    public AuthConfig withAllowAnonymous(boolean v) {
        return new AuthConfig(v, aclNomatch, aclDenyAction, aclCacheSize, passwordHashIterations,
                credentialCacheSize, clientidAuth, certAuth, reloadInterval);
    }

    public AuthConfig withAclNomatch(String v) {
        return new AuthConfig(allowAnonymous, v, aclDenyAction, aclCacheSize, passwordHashIterations,
                credentialCacheSize, clientidAuth, certAuth, reloadInterval);
    }

    public AuthConfig withAclDenyAction(String v) {
        return new AuthConfig(allowAnonymous, aclNomatch, v, aclCacheSize, passwordHashIterations,
                credentialCacheSize, clientidAuth, certAuth, reloadInterval);
    }

    public AuthConfig withPasswordHashIterations(int v) {
        return new AuthConfig(allowAnonymous, aclNomatch, aclDenyAction, aclCacheSize, v, credentialCacheSize,
                clientidAuth, certAuth, reloadInterval);
    }

    public AuthConfig withClientidAuth(boolean v) {
        return new AuthConfig(allowAnonymous, aclNomatch, aclDenyAction, aclCacheSize, passwordHashIterations,
                credentialCacheSize, v, certAuth, reloadInterval);
    }

    public AuthConfig withCertAuth(boolean v) {
        return new AuthConfig(allowAnonymous, aclNomatch, aclDenyAction, aclCacheSize, passwordHashIterations,
                credentialCacheSize, clientidAuth, v, reloadInterval);
    }

    public AuthConfig withReloadInterval(Duration v) {
        return new AuthConfig(allowAnonymous, aclNomatch, aclDenyAction, aclCacheSize, passwordHashIterations,
                credentialCacheSize, clientidAuth, certAuth, v);
    }

    public AuthConfig withCacheSizes(int acl, int credentials) {
        return new AuthConfig(allowAnonymous, aclNomatch, aclDenyAction, acl, passwordHashIterations, credentials,
                clientidAuth, certAuth, reloadInterval);
    }

    private static String oneOf(String key, String value, String def, String... allowed) {
        String v = value == null ? def : value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new ConfigException(key, "must be one of " + String.join(", ", allowed) + " (was '" + value + "')");
    }
}
