package dev.estuary.adapter.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

/** One instance of each per-packet handler, shared by the connections of a listener (they hold no state). */
public final class PacketHandlers {
    private final ConnectHandler connect = new ConnectHandler();
    private final PublishHandler publish = new PublishHandler();
    private final AckHandler ack = new AckHandler();
    private final SubscribeHandler subscribe = new SubscribeHandler();
    private final UnsubscribeHandler unsubscribe = new UnsubscribeHandler();
    private final DisconnectHandler disconnect = new DisconnectHandler();
    private final DecodeFailureHandler decodeFailure = new DecodeFailureHandler();

    void connect(MqttConnection c, MqttMessage m) {
        connect.handle(c, (MqttConnectMessage) m);
    }

    void publish(MqttConnection c, MqttPublishMessage m) {
        publish.handle(c, m);
    }

    void ack(MqttConnection c, MqttMessage m, MqttMessageType type) {
        ack.handle(c, m, type);
    }

    void subscribe(MqttConnection c, MqttMessage m) {
        subscribe.handle(c, (MqttSubscribeMessage) m);
    }

    void unsubscribe(MqttConnection c, MqttMessage m) {
        unsubscribe.handle(c, (MqttUnsubscribeMessage) m);
    }

    void disconnect(MqttConnection c, MqttMessage m) {
        disconnect.handle(c, m);
    }

    void decodeFailure(MqttConnection c, MqttMessage m) {
        decodeFailure.handle(c, m);
    }
}
