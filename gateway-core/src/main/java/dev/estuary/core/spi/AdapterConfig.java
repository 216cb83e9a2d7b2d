package dev.estuary.core.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of one configuration subtree. Paths are dotted ({@code dtls.port}). Typed getters take a
 * default used when the key is absent; a present value of the wrong type throws {@link AdapterConfigException}
 * naming the full key ({@code adapters.coap.dtls.port}).
 */
public interface AdapterConfig {
    boolean has(String path);

    String getString(String path, String def);

    int getInt(String path, int def);

    long getLong(String path, long def);

    double getDouble(String path, double def);

    boolean getBoolean(String path, boolean def);

    /** A duration written as {@code 500ms}, {@code 15s}, {@code 2m}, {@code 2h}, {@code 7d}, or seconds. */
    Duration getDuration(String path, Duration def);

    List<String> getStringList(String path, List<String> def);

    /** A nested section (empty when absent). */
    AdapterConfig section(String path);

    /** The subtree as plain JDK values (maps, lists, strings, numbers, booleans). */
    Map<String, Object> asMap();

    /**
     * Binds the subtree onto a class (a record or bean whose properties use snake_case names). Unknown keys fail.
     *
     * @throws AdapterConfigException naming the key that does not fit
     */
    <T> T bind(Class<T> type);

    /** The full path of a key in this section, for error messages ({@code adapters.coap.port}). */
    String keyPath(String path);
}
