package dev.estuary.plugin.sim;

import dev.estuary.core.spi.AdapterConfig;
import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.ProtocolAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter {@code sim}: a fleet of simulated temperature sensors. Each sensor is a device session that publishes a
 * JSON reading to {@code devices/sim/{id}/up/temperature} at its interval and obeys JSON commands sent to
 * {@code devices/sim/{id}/down} (see {@link SimulatedSensor}).
 *
 * <p>Configuration ({@code adapters.sim}): {@code devices} (count, default 2), {@code prefix} (default
 * {@code sensor-}), {@code interval} (default 5s), {@code username}/{@code password} (credentials the sensors log
 * in with, default none).
 */
@Extension
public class SimulatedSensorAdapter implements ProtocolAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSensorAdapter.class);

    private final List<SimulatedSensor> sensors = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return "sim";
    }

    @Override
    public void start(AdapterContext context) {
        AdapterConfig config = context.config();
        int count = config.getInt("devices", 2);
        if (count < 0 || count > 100_000) {
            throw new IllegalArgumentException(config.keyPath("devices") + ": must be 0..100000 (was " + count + ")");
        }
        String prefix = config.getString("prefix", "sensor-");
        Duration interval = config.getDuration("interval", Duration.ofSeconds(5));
        String username = config.getString("username", null);
        String password = config.getString("password", null);
        List<SimulatedSensor> created = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            DeviceLogin.Builder login = DeviceLogin.builder(prefix + i).protocol("simulated")
                    .detail("model", "SIM-T1").detail("firmware", "1.0.0");
            if (username != null) {
                login.username(username);
            }
            if (password != null) {
                login.password(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            created.add(new SimulatedSensor(context, login.build(), interval, 20.0 + i));
        }
        sensors.addAll(created);
        for (SimulatedSensor s : created) {
            s.start();
        }
        LOG.info("simulated sensors: {} devices, reading every {}", count, interval);
    }

    @Override
    public void stop() {
        for (SimulatedSensor s : sensors) {
            s.stop();
        }
        sensors.clear();
    }
}
