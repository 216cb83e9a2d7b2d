package dev.estuary.core.config;

/**
 * A {@link ConfigException} that also names where the bad value came from: the configuration file, or the
 * environment variable that overrode it. Its message is the one line printed before the gateway refuses to start,
 * e.g. {@code estuary.yaml: mqtt.max_inflight: must be between 1 and 65535 (was 0)} or
 * {@code environment variable ESTUARY_MQTT__MAX_INFLIGHT: mqtt.max_inflight: ...}.
 */
public final class ConfigLoadException extends ConfigException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String problem;

    /**
     * @param source  the file name as the user gave it, or {@code environment variable NAME}
     * @param key     the full dotted key, or empty when the problem is not about one key (unreadable file, syntax)
     * @param problem what is wrong, without the key
     * @param cause   the underlying exception, or null
     */
    public ConfigLoadException(String source, String key, String problem, Throwable cause) {
        super(key, problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file name or {@code environment variable NAME}. */
    public String source() {
        return source;
    }

    /** What is wrong, without source and key. */
    public String problem() {
        return problem;
    }

    @Override
    public String getMessage() {
        return key().isEmpty() ? source + ": " + problem : source + ": " + key() + ": " + problem;
    }

    @Override
    public ConfigException under(String parent) {
        String qualified = parent == null || parent.isEmpty() ? key()
                : key().isEmpty() ? parent : parent + "." + key();
        return new ConfigLoadException(source, qualified, problem, getCause());
    }
}
