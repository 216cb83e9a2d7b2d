package dev.estuary.adapter.lwm2m.uplink;

import dev.estuary.adapter.lwm2m.Json;
import dev.estuary.adapter.lwm2m.Lwm2mConfig;
import dev.estuary.adapter.lwm2m.command.Command;
import dev.estuary.adapter.lwm2m.command.Op;
import dev.estuary.adapter.lwm2m.device.CommandRunner;
import dev.estuary.adapter.lwm2m.device.Endpoint;
import dev.estuary.adapter.lwm2m.device.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes the configured paths of every endpoint when it registers (again after each re-registration, since a
 * registration's observations end with it). A path is observed only when the device registered its object or
 * instance. {@code *} observes every registered object instance except Security (0), Server (1) and OSCORE (21).
 */
public final class AutoObserver implements Lifecycle.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(AutoObserver.class);
    private static final Set<Integer> NEVER = Set.of(0, 1, 21);

    private final List<String> paths;
    private final Duration timeout;
    private volatile CommandRunner runner;

    public AutoObserver(List<String> paths, Duration timeout) {
        this.paths = paths;
        this.timeout = timeout;
    }

    public void wire(CommandRunner r) {
        this.runner = r;
    }

    @Override
    public void registered(Endpoint ep) {
        Registration reg = ep.registration();
        if (paths.isEmpty() || reg == null) {
            return;
        }
        for (LwM2mPath p : targets(reg)) {
            Command c = new Command(null, Op.OBSERVE, p, List.of(), null, timeout,
                    Json.object().put("op", "observe").put("path", p.toString()));
            runner.run(ep, c, o -> {
                if (!o.ok()) {
                    LOG.info("auto-observe of {} on {} failed: {}", p, ep.name(), o.error());
                }
            });
        }
    }

    private List<LwM2mPath> targets(Registration reg) {
        Set<LwM2mPath> available = reg.getAvailableInstances();
        Set<LwM2mPath> out = new LinkedHashSet<>();
        for (String p : paths) {
            if (p.equals(Lwm2mConfig.ALL_INSTANCES)) {
                for (LwM2mPath i : available) {
                    if (i.isObjectInstance() && !NEVER.contains(i.getObjectId())) {
                        out.add(i);
                    }
                }
                continue;
            }
            LwM2mPath path = new LwM2mPath(p);
            boolean registered = available.stream().anyMatch(i -> path.startWith(i.toObjectPath())
                    && (path.isObject() || i.getObjectInstanceId() == null || path.startWith(i)));
            if (registered) {
                out.add(path);
            }
        }
        return new ArrayList<>(out);
    }
}
