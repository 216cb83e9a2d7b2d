package dev.estuary.management.routes;

import dev.estuary.adapter.mqtt.ListenerKind;
import dev.estuary.adapter.mqtt.ListenerStats;
import dev.estuary.adapter.mqtt.MqttServer;
import dev.estuary.core.config.ListenerConfig;
import dev.estuary.core.hooks.DisconnectReason;
import dev.estuary.management.ManagementContext;
import dev.estuary.management.api.ApiException;
import dev.estuary.management.api.ApiResponse;
import dev.estuary.management.api.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/listeners}: each MQTT listener with its connections and disconnect reasons. */
public final class ListenerRoutes {
    private ListenerRoutes() {
    }

    public static void register(Router r, ManagementContext ctx) {
        r.add("GET", "/api/v1/listeners", req -> ApiResponse.ok(all(ctx)));
        r.add("GET", "/api/v1/listeners/{name}", req -> {
            for (Map<String, Object> l : all(ctx)) {
                if (l.get("name").equals(req.param("name"))) {
                    return ApiResponse.ok(l);
                }
            }
            throw ApiException.notFound("no listener '" + req.param("name") + "' (tcp, ws, ssl, wss)");
        });
    }

    static List<Map<String, Object>> all(ManagementContext ctx) {
        MqttServer mqtt = ctx.mqtt();
        if (mqtt == null) {
            throw ApiException.unavailable("the MQTT listeners are not available in this gateway");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (ListenerKind k : ListenerKind.values()) {
            ListenerStats s = mqtt.stats(k);
            ListenerConfig c = mqtt.listenerConfig(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", k.label());
            m.put("running", mqtt.isRunning(k));
            m.put("bind", c.bind());
            m.put("port", mqtt.isRunning(k) ? mqtt.port(k) : null);
            m.put("connections", s.currentConnections());
            m.put("max_connections", c.maxConnections());
            m.put("accepted", s.acceptedConnections());
            m.put("rejected_over_limit", s.rejectedOverLimitCount());
            m.put("max_conn_rate", c.maxConnRate());
            m.put("messages_rate", c.messagesRate());
            m.put("bytes_rate", c.bytesRate().bytes());
            m.put("accept_pauses", s.acceptPauses());
            m.put("read_pauses", s.readPauses());
            Map<String, Long> reasons = new LinkedHashMap<>();
            for (DisconnectReason r : DisconnectReason.values()) {
                reasons.put(r.label(), s.disconnects(r));
            }
            m.put("disconnects", reasons);
            m.put("tls_failures", s.tlsFailures());
            m.put("proxy_protocol_errors", s.proxyProtocolErrors());
            out.add(m);
        }
        return out;
    }
}
