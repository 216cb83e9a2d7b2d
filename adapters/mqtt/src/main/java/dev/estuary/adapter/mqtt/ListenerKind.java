package dev.estuary.adapter.mqtt;

import java.util.Locale;

/** The four MQTT listener kinds and what their pipelines contain. */
public enum ListenerKind {
    TCP(false, false),
    WS(false, true),
    SSL(true, false),
    WSS(true, true);

    private final boolean tls;
    private final boolean websocket;

    ListenerKind(boolean tls, boolean websocket) {
        this.tls = tls;
        this.websocket = websocket;
    }

    public boolean tls() {
        return tls;
    }

    public boolean websocket() {
        return websocket;
    }

    /** The name used in configuration, logs and metrics: tcp, ws, ssl, wss. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
