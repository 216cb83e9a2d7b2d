package dev.estuary.core.config;

/**
 * A configuration value that cannot be used. The message names the key (dotted path) and what is wrong, so the
 * gateway can refuse to start with one clear line.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
    }

    /** The dotted key path, e.g. {@code mqtt.max_inflight}. */
    public String key() {
        return key;
    }

    /** The same problem with a parent path in front of the key. */
    public ConfigException under(String parent) {
        String qualified = parent == null || parent.isEmpty() ? key : parent + "." + key;
        String problem = getMessage().substring(key.length() + 2);
        return new ConfigException(qualified, problem, getCause());
    }
}
