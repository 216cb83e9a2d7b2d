package dev.estuary.adapter.mqtt.transport;

import dev.estuary.core.internal.Transports;

/**
 * Run in a child JVM by {@link NativeTransportTest} (with epoll switched off there): prints what
 * {@code native_transport: auto} picks and what {@code native_transport: true} says.
 */
public final class NativeTransportProbe {
    private NativeTransportProbe() {
    }

    public static void main(String[] args) {
        System.out.println("auto=" + Transports.select("auto").name());
        try {
            Transports.select("true");
            System.out.println("true=accepted");
        } catch (RuntimeException e) {
            System.out.println("true=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
