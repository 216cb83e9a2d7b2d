package dev.estuary.core.sys;

import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.session.ClientInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON bodies of client events, shared by {@code $SYS} event messages and webhooks. Field names follow EMQX
 * ({@code clientid}, {@code username}, {@code ipaddress}, {@code proto_name}, {@code proto_ver},
 * {@code keepalive}, {@code connected_at}, {@code disconnected_at}, {@code reason}, {@code ts}) with Estuary's
 * additions ({@code listener}, {@code adapter}, {@code device_id}, {@code reason_code}).
 */
public final class ClientEventBody {
    private ClientEventBody() {
    }

    /** The fields every client event has. */
    public static Map<String, Object> client(ClientInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientid", c.clientId());
        m.put("username", c.username());
        m.put("ipaddress", c.remoteAddress() == null ? null : c.ip());
        m.put("port", c.remoteAddress() == null ? null : c.remoteAddress().getPort());
        m.put("proto_name", "mqtt".equals(c.protocol()) ? "MQTT" : c.protocol());
        m.put("proto_ver", c.protocolVersion());
        m.put("listener", c.listener());
        m.put("adapter", c.adapter());
        m.put("device_id", c.deviceId());
        m.put("keepalive", c.keepAliveSeconds());
        m.put("connected_at", c.connectedAtMillis());
        return m;
    }

    /** A client (or device) connected. */
    public static Map<String, Object> connected(ClientInfo c, boolean sessionPresent, long nowMillis) {
        Map<String, Object> m = client(c);
        m.put("session_present", sessionPresent);
        m.put("ts", nowMillis);
        return m;
    }

    /** A client's connection ended. */
    public static Map<String, Object> disconnected(ClientInfo c, Disconnect d, long nowMillis) {
        Map<String, Object> m = client(c);
        m.put("reason", d.reason().label());
        m.put("reason_code", d.reasonCode() < 0 ? null : d.reasonCode());
        m.put("detail", d.detail());
        m.put("disconnected_at", nowMillis);
        m.put("ts", nowMillis);
        return m;
    }
}
