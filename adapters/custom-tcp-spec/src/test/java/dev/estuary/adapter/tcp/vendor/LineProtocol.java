package dev.estuary.adapter.tcp.vendor;

import dev.estuary.adapter.tcp.sdk.Decoded;
import dev.estuary.adapter.tcp.sdk.DeviceLink;
import dev.estuary.adapter.tcp.sdk.DownlinkRejectedException;
import dev.estuary.adapter.tcp.sdk.VendorCodec;
import dev.estuary.adapter.tcp.sdk.VendorHandler;
import dev.estuary.adapter.tcp.sdk.VendorLogin;
import dev.estuary.adapter.tcp.sdk.VendorProtocol;
import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.Uplink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A tiny text vendor protocol for testing the SDK: one command per line. Device: {@code LOGIN id password},
 * {@code DATA channel text}, {@code ACK n result}, {@code NACK n reason}, {@code BOOM} (the handler throws).
 * Gateway: {@code OK}, {@code DENIED reason}, {@code CMD n channel payload}.
 */
final class LineProtocol implements VendorProtocol<String> {
    static final int MAX_LINE = 64;

    @Override
    public String id() {
        return "line";
    }

    @Override
    public int maxFrameLength() {
        return MAX_LINE;
    }

    @Override
    public int maxMessageId() {
        return 99;
    }

    @Override
    public Duration loginTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public VendorCodec<String> newCodec() {
        return new VendorCodec<>() {
            @Override
            public Decoded<String> decode(ByteBuffer in) {
                for (int i = in.position(); i < in.limit(); i++) {
                    if (in.get(i) == 0) {
                        return Decoded.invalid("NUL byte");
                    }
                    if (in.get(i) == '\n') {
                        byte[] line = new byte[i - in.position()];
                        in.get(in.position(), line);
                        return Decoded.frame(line.length + 1, new String(line, StandardCharsets.UTF_8));
                    }
                }
                return Decoded.needMore();
            }

            @Override
            public byte[] encode(String message) {
                return (message + "\n").getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    @Override
    public VendorHandler<String> newHandler(DeviceLink<String> link) {
        return new VendorHandler<>() {
            @Override
            public void onMessage(String line) {
                String[] p = line.split(" ", 3);
                switch (p[0]) {
                    case "LOGIN" -> link.login(new VendorLogin(p[1], p[1], p[2].getBytes(StandardCharsets.UTF_8),
                            Map.of("firmware", "1.2"))).whenComplete((ok, err) -> {
                                if (err == null) {
                                    link.send("OK");
                                } else {
                                    link.close("DENIED " + err.getMessage(), "login refused");
                                }
                            });
                    case "DATA" -> link.uplink(Uplink.of(p[2].getBytes(StandardCharsets.UTF_8)).channel(p[1]))
                            .thenAccept(r -> link.send("UPLINK " + r.status()));
                    case "ACK" -> link.downlinkAcked(Integer.parseInt(p[1]), p[2].getBytes(StandardCharsets.UTF_8));
                    case "NACK" -> link.downlinkRefused(Integer.parseInt(p[1]), p[2]);
                    case "BOOM" -> throw new IllegalStateException("vendor bug on purpose");
                    default -> link.close("?", "unknown command " + p[0]);
                }
            }

            @Override
            public String onDownlink(DeviceMessage m, int messageId) throws DownlinkRejectedException {
                if ("bad".equals(m.channel())) {
                    throw new DownlinkRejectedException("channel 'bad' is not supported");
                }
                return "CMD " + messageId + " " + m.channel() + " " + m.payloadText();
            }
        };
    }
}
