package dev.estuary.adapter.lwm2m.device;

import dev.estuary.adapter.lwm2m.Json;
import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.CommandException;
import dev.estuary.adapter.lwm2m.command.CommandParser;
import dev.estuary.adapter.lwm2m.command.NativeAnswer;
import dev.estuary.adapter.lwm2m.command.Outcome;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.TopicModel;
import dev.estuary.core.spi.Uplink;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LwM2M server's own presence: a session {@code lwm2m-server:server} whose retained status
 * ({@code devices/lwm2m-server/server/status}) lists the listeners' addresses, and which answers commands sent to
 * endpoints that are not registered ("never silence"): it subscribes to {@code devices/lwm2m/+/down} and answers
 * only for endpoints the gateway does not know (a registered endpoint's own session answers the others).
 */
public final class ServerPresence {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPresence.class);
    /** The sub-kind and device id of the server's session. */
    public static final String KIND = "lwm2m-server";
    public static final String ID = "server";

    private final AdapterContext context;
    private final Lifecycle lifecycle;
    private final CommandParser parser;
    private volatile DeviceSession session;

    public ServerPresence(AdapterContext context, Lifecycle lifecycle, CommandParser parser) {
        this.context = context;
        this.lifecycle = lifecycle;
        this.parser = parser;
    }

    /**
     * Opens the session.
     *
     * @param details      status details (listener addresses...)
     * @param offlineReplies whether to answer commands for unknown endpoints
     * @param emqxDn       EMQX-mode command filter for every endpoint (null when EMQX mode is off or its
     *                     mountpoint does not have the endpoint as one level) and its answer writer
     */
    public void start(Map<String, Object> details, boolean offlineReplies, String emqxDn,
                      BiConsumer<DeviceSession, DeviceMessage> emqxOffline) {
        DeviceLogin.Builder login = DeviceLogin.builder(ID).kind(KIND).protocol("lwm2m server");
        details.forEach(login::detail);
        context.openDevice(login.build()).whenComplete((s, err) -> {
            if (err != null) {
                LOG.warn("the LwM2M server's status session was refused ({}); commands to unregistered endpoints "
                        + "will not be answered", err.getMessage());
                return;
            }
            session = s;
            if (offlineReplies) {
                String filter = context.topics().mountpoint() + "devices/" + context.adapterId() + "/+/down/#";
                s.subscribe(filter, 1, this::offline).exceptionally(e -> {
                    LOG.warn("cannot subscribe to {} for offline replies: {}", filter, e.getMessage());
                    return null;
                });
                if (emqxDn != null) {
                    s.subscribe(emqxDn, 1, (ses, m) -> {
                        String ep = context.topics().decodeDeviceId(endpointOfEmqx(m.topic(), emqxDn));
                        if (lifecycle.endpoint(ep) == null) {
                            emqxOffline.accept(ses, m);
                        }
                    }).exceptionally(e -> {
                        LOG.warn("cannot subscribe to {} for offline replies: {}", emqxDn, e.getMessage());
                        return null;
                    });
                }
            }
        });
    }

    /** The endpoint level of an EMQX topic, given the filter with '+' at the endpoint's level. */
    static String endpointOfEmqx(String topic, String filter) {
        String[] t = topic.split("/", -1);
        String[] f = filter.split("/", -1);
        for (int i = 0; i < f.length && i < t.length; i++) {
            if (f[i].equals("+")) {
                return t[i];
            }
        }
        return "";
    }

    private void offline(DeviceSession s, DeviceMessage m) {
        TopicModel topics = context.topics();
        Optional<TopicModel.DeviceTopic> dt = topics.parse(m.topic());
        if (dt.isEmpty() || !"down".equals(dt.get().kind())) {
            return;
        }
        String endpoint = dt.get().deviceId();
        if (lifecycle.endpoint(endpoint) != null) {
            return; // known endpoint: its own session answers
        }
        Command c = null;
        try {
            c = parser.parse(m.payload());
        } catch (CommandException e) {
            // answered below without op and path
        }
        byte[] answer = Json.bytes(NativeAnswer.of(Outcome.failed(c, "endpoint " + endpoint
                + " is not registered"), m.requestId()));
        if (m.responseTopic() != null) {
            s.reply(m, answer, "application/json");
        } else {
            s.publish(topics.reply(context.adapterId(), endpoint), Uplink.of(answer).contentType("application/json"));
        }
    }

    public void stop() {
        DeviceSession s = session;
        if (s != null) {
            s.close("adapter stopped");
        }
    }
}
