package dev.estuary.plugin.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.PublishResult;
import dev.estuary.core.spi.Uplink;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated temperature sensor.
 *
 * <p>Uplink: {@code {"temperature": 21.5, "unit": "C", "seq": 7}} on channel {@code temperature}.
 * <p>Commands on {@code down} (JSON; {@code id} is echoed in the reply):
 * <ul>
 *   <li>{@code {"id":"1","cmd":"set_interval","seconds":2}} — change the reading interval;</li>
 *   <li>{@code {"id":"2","cmd":"set_temperature","value":30.5}} — the next readings report this value;</li>
 *   <li>{@code {"id":"3","cmd":"read"}} — publish a reading now;</li>
 *   <li>{@code {"id":"4","cmd":"publish_as","device":"sensor-2"}} — try to publish into another device's
 *       {@code up} topic (the gateway's device ACL refuses it; the reply says so).</li>
 * </ul>
 * Every command is answered with {@code {"id":..., "ok": true|false, ...}} per the topic model's request/response
 * rules (MQTT 5 response topic, or {@code devices/sim/{id}/reply}).
 */
final class SimulatedSensor {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSensor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdapterContext context;
    private final DeviceLogin login;
    private final AtomicLong seq = new AtomicLong();
    private volatile Duration interval;
    private volatile double temperature;
    private volatile DeviceSession session;
    private volatile ScheduledFuture<?> timer;
    private volatile boolean stopped;

    SimulatedSensor(AdapterContext context, DeviceLogin login, Duration interval, double temperature) {
        this.context = context;
        this.login = login;
        this.interval = interval;
        this.temperature = temperature;
    }

    void start() {
        context.openDevice(login).whenComplete((s, err) -> {
            if (err != null) {
                LOG.warn("sensor {} could not connect: {}", login.deviceId(), err.getMessage());
                return;
            }
            if (stopped) {
                s.close("adapter stopped");
                return;
            }
            session = s;
            s.onDownlink(this::onCommand);
            s.status(Map.of("interval_s", interval.toMillis() / 1000.0));
            schedule();
        });
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        DeviceSession s = session;
        if (s != null) {
            s.close("adapter stopped");
        }
    }

    private void schedule() {
        ScheduledFuture<?> old = timer;
        if (old != null) {
            old.cancel(false);
        }
        long ms = Math.max(10, interval.toMillis());
        timer = context.scheduler().scheduleAtFixedRate(this::read, 0, ms, TimeUnit.MILLISECONDS);
    }

    private void read() {
        DeviceSession s = session;
        if (s == null || stopped) {
            return;
        }
        ObjectNode reading = JSON.createObjectNode()
                .put("temperature", temperature).put("unit", "C").put("seq", seq.incrementAndGet());
        s.uplink(Uplink.of(bytes(reading)).channel("temperature").contentType("application/json"));
    }

    private void onCommand(DeviceSession s, DeviceMessage m) throws IOException {
        JsonNode cmd;
        try {
            cmd = JSON.readTree(m.payload());
        } catch (IOException e) {
            reply(s, m, false, "payload is not JSON: " + e.getMessage());
            return;
        }
        String name = cmd == null ? "" : cmd.path("cmd").asText("");
        switch (name) {
            case "set_interval": {
                double seconds = cmd.path("seconds").asDouble(-1);
                if (seconds <= 0) {
                    reply(s, m, false, "set_interval needs \"seconds\" > 0");
                    return;
                }
                interval = Duration.ofMillis((long) (seconds * 1000));
                schedule();
                s.status(Map.of("interval_s", seconds));
                reply(s, m, true, "interval " + seconds + " s");
                return;
            }
            case "set_temperature": {
                if (!cmd.path("value").isNumber()) {
                    reply(s, m, false, "set_temperature needs a numeric \"value\"");
                    return;
                }
                temperature = cmd.path("value").asDouble();
                reply(s, m, true, "temperature " + temperature);
                return;
            }
            case "read":
                read();
                reply(s, m, true, "reading sent");
                return;
            case "publish_as": {
                String other = cmd.path("device").asText("");
                String topic = context.topics().up("sim", other, "temperature");
                PublishResult r = s.publish(topic, Uplink.of(bytes(JSON.createObjectNode()
                        .put("temperature", -273.15)))).toCompletableFuture().join();
                reply(s, m, r.accepted(), "publish to " + topic + ": " + r.status());
                return;
            }
            default:
                reply(s, m, false, "unknown command '" + name + "' (use set_interval, set_temperature, read, "
                        + "publish_as)");
        }
    }

    private static void reply(DeviceSession s, DeviceMessage request, boolean ok, String result) {
        ObjectNode body = JSON.createObjectNode();
        if (request.requestId() != null) {
            body.put("id", request.requestId());
        }
        body.put("ok", ok).put(ok ? "result" : "error", result);
        s.reply(request, bytes(body), "application/json");
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
