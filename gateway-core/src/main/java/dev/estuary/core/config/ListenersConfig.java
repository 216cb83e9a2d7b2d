package dev.estuary.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The MQTT listeners (the {@code listeners:} section): plain TCP on 1883, WebSocket on 8083, TLS on 8883 and
 * secure WebSocket on 8084. Omitted keys keep these defaults.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ListenersConfig(ListenerConfig tcp, ListenerConfig ws, ListenerConfig ssl, ListenerConfig wss) {
    public static final ListenersConfig DEFAULTS = new ListenersConfig(null, null, null, null);

    public ListenersConfig {
        tcp = withDefaultBind(tcp, "0.0.0.0:1883");
        ws = withDefaultBind(ws, "0.0.0.0:8083");
        ssl = withDefaultBind(ssl, "0.0.0.0:8883");
        wss = withDefaultBind(wss, "0.0.0.0:8084");
    }

    private static ListenerConfig withDefaultBind(ListenerConfig c, String bind) {
        if (c == null) {
            return ListenerConfig.at(bind);
        }
        return c.bind() == null ? c.withBind(bind) : c;
    }
}
