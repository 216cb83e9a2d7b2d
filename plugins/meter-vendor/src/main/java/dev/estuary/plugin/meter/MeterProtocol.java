package dev.estuary.plugin.meter;

import dev.estuary.adapter.tcp.sdk.DeviceLink;
import dev.estuary.adapter.tcp.sdk.VendorCodec;
import dev.estuary.adapter.tcp.sdk.VendorHandler;
import dev.estuary.adapter.tcp.sdk.VendorProtocol;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * The Acme EM-24 electricity meter protocol as a vendor protocol of the TCP adapter: meters appear as
 * {@code devices/tcp-meter/{address}/...}; the listener's port is {@code adapters.tcp.vendors.meter.port}
 * (default 7901).
 */
@Extension
public class MeterProtocol implements VendorProtocol<MeterFrame> {

    @Override
    public String id() {
        return "meter";
    }

    @Override
    public int defaultPort() {
        return 7901;
    }

    @Override
    public int maxFrameLength() {
        return MeterFrame.LENGTH;
    }

    /** The sequence number is one byte; 0 is left to the meter's own frames. */
    @Override
    public int maxMessageId() {
        return 255;
    }

    /** Meters send a heartbeat every 60 s. */
    @Override
    public Duration idleTimeout() {
        return Duration.ofSeconds(150);
    }

    @Override
    public Duration loginTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public VendorCodec<MeterFrame> newCodec() {
        return new MeterCodec();
    }

    @Override
    public VendorHandler<MeterFrame> newHandler(DeviceLink<MeterFrame> link) {
        return new MeterHandler(link);
    }
}
