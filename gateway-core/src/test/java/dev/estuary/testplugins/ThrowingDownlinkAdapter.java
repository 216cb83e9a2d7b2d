package dev.estuary.testplugins;

import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceSession;
import dev.estuary.core.spi.ProtocolAdapter;
import org.pf4j.Extension;

/** Test plugin adapter with one device whose downlink handler always throws. */
@Extension
public class ThrowingDownlinkAdapter implements ProtocolAdapter {
    private volatile DeviceSession device;

    @Override
    public String id() {
        return "faulty";
    }

    @Override
    public void start(AdapterContext context) {
        context.openDevice(DeviceLogin.builder("d1").build()).thenAccept(s -> {
            device = s;
            s.onDownlink((session, m) -> {
                throw new IllegalArgumentException("cannot parse downlink " + m.payloadText());
            });
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
