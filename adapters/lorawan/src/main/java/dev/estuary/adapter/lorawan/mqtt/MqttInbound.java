package dev.estuary.adapter.lorawan.mqtt;

/** Receives what a network server's broker delivers for Estuary's subscriptions. */
@FunctionalInterface
public interface MqttInbound {
    void onMessage(String topic, byte[] payload);
}
