package dev.estuary.testplugins;

import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.ProtocolAdapter;
import org.pf4j.Extension;

/** Test plugin adapter built against an SPI major version this gateway does not offer. */
@Extension
public class FutureSpiAdapter implements ProtocolAdapter {
    /** Set when the runtime started it anyway (it must not). */
    public static volatile boolean started;

    @Override
    public String id() {
        return "future";
    }

    @Override
    public String spiVersion() {
        return "2.0";
    }

    @Override
    public void start(AdapterContext context) {
        started = true;
    }

    @Override
    public void stop() {
    }
}
