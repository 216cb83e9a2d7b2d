package dev.estuary.core.spi;

/**
 * Receives messages for a device session. Called on a gateway callback thread, one message at a time per device
 * and in order. An exception is caught, logged once with the adapter id, and counted; the message is then
 * considered delivered (it is not redelivered). Blocking here delays this device's next messages only.
 */
@FunctionalInterface
public interface DeviceMessageHandler {
    void onMessage(DeviceSession session, DeviceMessage message) throws Exception;
}
