package dev.estuary.core.sys;

import dev.estuary.core.Broker;
import dev.estuary.core.hooks.BrokerEvents;
import dev.estuary.core.hooks.Disconnect;
import dev.estuary.core.internal.Json;
import dev.estuary.core.message.Message;
import dev.estuary.core.message.MessageProperties;
import dev.estuary.core.session.ClientInfo;
import java.util.List;

/**
 * Publishes {@code $SYS/brokers/{node}/clients/{clientid}/connected} and {@code .../disconnected} with a JSON body
 * ({@link ClientEventBody}) for every MQTT client and every device behind an adapter. QoS 0, not retained.
 */
public final class SysClientEvents implements BrokerEvents {
    private static final MessageProperties JSON = new MessageProperties(true, "application/json", null, null,
            List.of());

    private final Broker broker;
    private final SysTopics topics;

    public SysClientEvents(Broker broker, SysTopics topics) {
        this.broker = broker;
        this.topics = topics;
    }

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        long now = broker.clock().millis();
        publish(topics.clientEvent(client.clientId(), "connected"),
                Json.bytes(ClientEventBody.connected(client, sessionPresent, now)), now);
    }

    @Override
    public void clientDisconnected(ClientInfo client, Disconnect disconnect) {
        long now = broker.clock().millis();
        publish(topics.clientEvent(client.clientId(), "disconnected"),
                Json.bytes(ClientEventBody.disconnected(client, disconnect, now)), now);
    }

    private void publish(String topic, byte[] body, long now) {
        broker.publish(Message.builder(topic).payload(body).qos(0).properties(JSON).createdAtMillis(now).build());
    }
}
