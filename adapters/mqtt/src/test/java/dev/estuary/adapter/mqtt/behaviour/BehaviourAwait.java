package dev.estuary.adapter.mqtt.behaviour;

import static org.awaitility.Awaitility.await;

import dev.estuary.adapter.mqtt.testing.MqttTestServer;
import dev.estuary.core.session.Session;
import java.time.Duration;

/** Waits on broker state that a client library cannot report. */
final class BehaviourAwait {
    private BehaviourAwait() {
    }

    /**
     * Waits until the broker has detached {@code clientId}'s session from its connection. A client's disconnect
     * call may return before the broker processed the DISCONNECT; a test that then publishes "to an offline
     * session" must wait for this first.
     */
    static void offline(MqttTestServer server, String clientId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Session s = server.broker().sessions().get(clientId);
            return s == null || !s.isOnline();
        });
    }
}
