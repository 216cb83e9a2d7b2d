package dev.estuary.testplugins;

import dev.estuary.core.spi.AdapterContext;
import dev.estuary.core.spi.ProtocolAdapter;
import org.pf4j.Extension;

/** Test plugin adapter whose start always fails. */
@Extension
public class ThrowingStartAdapter implements ProtocolAdapter {
    @Override
    public String id() {
        return "boom";
    }

    @Override
    public void start(AdapterContext context) {
        throw new IllegalStateException("cannot bind the frobnicator port");
    }

    @Override
    public void stop() {
    }
}
