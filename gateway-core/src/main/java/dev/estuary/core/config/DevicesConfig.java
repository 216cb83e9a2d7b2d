package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Devices behind adapters (the {@code devices:} section): the unified topic model.
 *
 * @param mountpoint prefix of every device topic ({@code {mountpoint}devices/{adapter}/{id}/...}); empty or
 *                   ending with '/', no wildcards. "".
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DevicesConfig(String mountpoint) {
    public static final DevicesConfig DEFAULTS = new DevicesConfig(null);

    public DevicesConfig {
        mountpoint = Check.or(mountpoint, "");
        if (mountpoint.indexOf('+') >= 0 || mountpoint.indexOf('#') >= 0 || mountpoint.indexOf('\0') >= 0) {
            throw new ConfigException("mountpoint", "must not contain '+', '#' or U+0000 (was '" + mountpoint + "')");
        }
        if (!mountpoint.isEmpty() && !mountpoint.endsWith("/")) {
            mountpoint = mountpoint + "/";
        }
    }
}
