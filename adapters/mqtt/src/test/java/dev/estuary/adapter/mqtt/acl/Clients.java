package dev.estuary.adapter.mqtt.acl;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Small wrappers around the HiveMQ MQTT 5 client used by the ACL tests. */
final class Clients {
    private Clients() {
    }

    /** An MQTT 5 client (HiveMQ) connected with the given credentials; received messages go to {@link #inbox}. */
    static final class V5 implements AutoCloseable {
        final Mqtt5AsyncClient client;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();

        V5(int port, String clientId, String username, String password) {
            client = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
                    .buildAsync();
            // one global callback: the client cannot match EMQX-style $queue/ filters to per-subscription callbacks
            client.publishes(MqttGlobalPublishFilter.ALL, p -> inbox.add(p.getTopic() + "="
                    + StandardCharsets.UTF_8.decode(p.getPayload().orElse(ByteBuffer.allocate(0)))));
            var connect = client.connectWith().cleanStart(true);
            if (username != null) {
                connect.simpleAuth().username(username)
                        .password(password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8))
                        .applySimpleAuth();
            }
            connect.send().orTimeout(10, TimeUnit.SECONDS).join();
        }

        /** Subscribes at QoS 1 and returns the SUBACK reason codes. */
        List<Integer> subscribe(String... filters) {
            List<Mqtt5Subscription> subs = new ArrayList<>();
            for (String f : filters) {
                subs.add(Mqtt5Subscription.builder().topicFilter(f).qos(MqttQos.AT_LEAST_ONCE).build());
            }
            Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder().addSubscriptions(subs).build();
            Mqtt5SubAck ack;
            try {
                ack = client.subscribe(subscribe).orTimeout(10, TimeUnit.SECONDS).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof Mqtt5SubAckException)) {
                    throw e;
                }
                ack = ((Mqtt5SubAckException) e.getCause()).getMqttMessage();
            }
            return ack.getReasonCodes().stream().map(Mqtt5SubAckReasonCode::getCode).collect(Collectors.toList());
        }

        /** Publishes at QoS 1 and returns the PUBACK reason code. */
        int publish(String topic, String payload) {
            return publish(topic, payload, false);
        }

        int publish(String topic, String payload, boolean retain) {
            try {
                Mqtt5PublishResult r = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                        .payload(payload.getBytes(StandardCharsets.UTF_8)).send().orTimeout(10, TimeUnit.SECONDS)
                        .join();
                return ((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode().getCode();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Mqtt5PubAckException) {
                    return ((Mqtt5PubAckException) e.getCause()).getMqttMessage().getReasonCode().getCode();
                }
                throw e;
            }
        }

        @Override
        public void close() {
            if (client.getState().isConnected()) {
                client.disconnect().orTimeout(10, TimeUnit.SECONDS).join();
            }
        }
    }
}
