package dev.estuary.testplugins;

import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.ProtocolAdapter;
import dev.estuary.core.spi.Uplink;
import org.pf4j.Extension;

/** Test plugin adapter with one device that echoes every downlink as an uplink on channel "echo". */
@Extension
public class EchoAdapter implements ProtocolAdapter {
    private volatile DeviceSession device;

    @Override
    public String id() {
        return "echo";
    }

    @Override
    public void start(AdapterContext context) {
        context.openDevice(DeviceLogin.builder("e1").build()).thenAccept(s -> {
            device = s;
            s.onDownlink((session, m) -> session.uplink(Uplink.of(m.payload()).channel("echo")));
        });
    }

    @Override
    public void stop() {
        DeviceSession d = device;
        if (d != null) {
            d.close("stop");
        }
    }
}
