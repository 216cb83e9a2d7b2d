package dev.estuary.adapter.mqtt.handler;

import dev.estuary.core.session.SessionStore;
import io.netty.handler.codec.mqtt.MqttMessage;
import java.util.ArrayDeque;

/**
 * The PUBACK/PUBREC packets of one connection when the session store holds acknowledgements until the message is
 * on disk ({@code persistence.sync: always}). They still go out in the order their PUBLISHes arrived
 * (MQTT 5.0 §4.6): one that is ready waits behind one that is not. Without such a store they are written at once.
 * Confined to the connection's event loop.
 */
final class DurableAcks {
    private final MqttConnection c;
    private ArrayDeque<Slot> slots;
    /** True while {@link SessionStore#afterDurable} runs: a callback now is synchronous, the read loop flushes. */
    private boolean handing;

    private static final class Slot {
        final MqttMessage ack;
        boolean ready;

        Slot(MqttMessage ack) {
            this.ack = ack;
        }
    }

    DurableAcks(MqttConnection c) {
        this.c = c;
    }

    /** Sends {@code ack} once everything the store was told before it is durable, after the acks before it. */
    void send(MqttMessage ack) {
        SessionStore store = c.server().broker().sessionStore();
        if (!store.defersAcks()) {
            c.write(ack);
            return;
        }
        Slot slot = new Slot(ack);
        if (slots == null) {
            slots = new ArrayDeque<>();
        }
        slots.add(slot);
        handing = true;
        try {
            store.afterDurable(c.lane(), () -> {
                slot.ready = true;
                if (writeReady() && !handing) {
                    c.flush();
                }
            });
        } finally {
            handing = false;
        }
    }

    private boolean writeReady() {
        boolean wrote = false;
        Slot head;
        while ((head = slots.peekFirst()) != null && head.ready) {
            slots.pollFirst();
            c.write(head.ack);
            wrote = true;
        }
        return wrote;
    }

    /** Number of acknowledgements not yet written (tests). */
    int waiting() {
        return slots == null ? 0 : slots.size();
    }
}
