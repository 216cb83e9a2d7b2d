package dev.estuary.adapter.mqtt.transport;

import dev.estuary.core.internal.Transports;

/**
 * Run in a child JVM by {@link NativeTransportTest} (with epoll switched off there): prints what
 * {@code native_transport: auto} picks and what {@code native_transport: true} and {@code io_uring} say.
 */
public final class NativeTransportProbe {
    private NativeTransportProbe() {
    }

    public static void main(String[] args) {
        System.out.println("auto=" + Transports.select("auto").name());
        for (String setting : new String[] {"true", "io_uring"}) {
            try {
                Transports.select(setting);
                System.out.println(setting + "=accepted");
            } catch (RuntimeException e) {
                System.out.println(setting + "=" + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
