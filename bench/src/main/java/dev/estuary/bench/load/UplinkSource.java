package dev.estuary.bench.load;

import io.netty.channel.EventLoopGroup;

/**
 * The devices of one adapter's uplink scenario ({@code coap-up}, {@code tcp-up}, {@code lorawan-up},
 * {@code lwm2m-up}): opens its device connections, then writes pre-encoded uplinks when the run's pacing task asks
 * for them. The MQTT side (a subscriber on {@code devices/{adapter}/+/up/#}) belongs to the run.
 *
 * <p>{@link #send} and {@link #flush} are called on one event loop; counters may be read from any thread.
 */
interface UplinkSource extends AutoCloseable {
    /** The adapter's id in the unified topic model. */
    String adapter();

    /** True when the MQTT payload is the device's payload, so its first 8 bytes carry the send time. */
    boolean payloadTimestamps();

    /**
     * True when the MQTT payload is the gateway's JSON document whose {@code "value"} is the send time in
     * milliseconds since the run's epoch ({@link Lwm2mUplinks#sentNanos}).
     */
    default boolean valueTimestamps() {
        return false;
    }

    /** Uplinks the devices caused during {@link #start} (e.g. observe answers): not part of the measurement. */
    default long initialUplinks() {
        return 0;
    }

    /** Adds what the source measured itself (e.g. registrations) to the result line. */
    default void report(JsonLine j) {
    }

    /** Opens every device (and its session at the gateway, where the protocol has one); blocks until done. */
    void start(EventLoopGroup group) throws Exception;

    /** Writes up to {@code n} uplinks stamped {@code nanoTime}, without flushing; returns how many were written. */
    int send(int n, long nanoTime);

    /** Flushes what {@link #send} wrote. */
    void flush();

    /** Protocol answers that said success (CoAP 2.xx, HTTP 2xx; 0 where the protocol answers nothing). */
    long answered();

    /** Protocol answers that said failure. */
    long failed();

    @Override
    void close();
}
