package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.TcpConfig;
import dev.estuary.adapter.tcp.codec.HelloFrame;
import dev.estuary.adapter.tcp.codec.HelloResult;
import dev.estuary.adapter.tcp.device.EventLoops;
import dev.estuary.core.spi.DeviceLogin;
import dev.estuary.core.spi.DeviceRefusedException;
import dev.estuary.core.spi.DeviceSession;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;

/**
 * HELLO (spec §4.1, §6.2): opens the device's session through the SPI (the broker authenticates it and checks
 * the ACL like an MQTT client's CONNECT) and answers HELLO_ACK with the outcome mapped to the result codes of §5.1.
 */
public final class HelloHandler {
    /** The protocol name shown in the device's status and events. */
    static final String PROTOCOL = "estuary-tcp/1";

    void handle(DeviceConnection c, HelloFrame hello) {
        c.authenticating(hello.deviceId(), hello.maxBody(), hello.crc());
        if (hello.deviceId().isEmpty()) {
            // §4.1: the device id has 1 to 255 bytes
            c.close(Close.refused(HelloResult.INVALID_DEVICE_ID, "the device id is empty"));
            return;
        }
        int keepAlive = grant(c.services().config(), hello.keepAlive());
        DeviceLogin login = DeviceLogin.builder(hello.deviceId())
                .username(hello.username().isEmpty() ? null : hello.username())
                .password(hello.password().length == 0 ? null : hello.password())
                .remoteAddress((InetSocketAddress) c.channel().remoteAddress())
                .protocol(PROTOCOL)
                .detail("keepAlive", keepAlive)
                .detail("crc", hello.crc())
                .detail("tls", c.services().tls())
                .build();
        c.services().adapter().openDevice(login).whenComplete((session, err) -> {
            if (c.channel().eventLoop().isShuttingDown() && session != null) {
                session.close("gateway stopping");
            }
            EventLoops.run(c.channel().eventLoop(), () -> done(c, keepAlive, session, err));
        });
    }

    private static void done(DeviceConnection c, int keepAlive, DeviceSession session, Throwable err) {
        if (err == null) {
            c.online(session, keepAlive);
            return;
        }
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        c.services().metrics().refused.increment();
        if (cause instanceof DeviceRefusedException refused) {
            c.close(Close.refused(result(refused.reason()), refused.getMessage()));
        } else {
            c.close(Close.refused(HelloResult.SERVER_UNAVAILABLE, cause.toString()));
        }
    }

    /** §5.1: how the broker's refusal reasons map to HELLO_ACK result codes. */
    static HelloResult result(DeviceRefusedException.Reason reason) {
        return switch (reason) {
            case BAD_CREDENTIALS -> HelloResult.BAD_CREDENTIALS;
            case NOT_AUTHORIZED -> HelloResult.NOT_AUTHORIZED;
            case INVALID_ID -> HelloResult.INVALID_DEVICE_ID;
            case UNAVAILABLE -> HelloResult.SERVER_UNAVAILABLE;
        };
    }

    /** §6.5: 0 asks for the default; other values are clamped to the configured range. */
    static int grant(TcpConfig config, int asked) {
        if (asked == 0) {
            return (int) config.keepAlive().toSeconds();
        }
        long min = Math.max(1, config.minKeepAlive().toSeconds());
        long max = config.maxKeepAlive().toSeconds();
        return (int) Math.max(min, Math.min(max, asked));
    }
}
