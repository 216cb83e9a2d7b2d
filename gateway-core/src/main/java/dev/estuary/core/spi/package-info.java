/**
 * The adapter SPI: the only package protocol adapters (PF4J plugins) compile against.
 *
 * <p>An adapter implements {@link dev.estuary.core.spi.ProtocolAdapter}; the gateway starts it with an
 * {@link dev.estuary.core.spi.AdapterContext}. Through the context the adapter opens one
 * {@link dev.estuary.core.spi.DeviceSession} per device: the device is then, to the broker, a client like any MQTT
 * client (authenticated, ACL-checked, counted, visible in events) whose client id is {@code {adapter}:{deviceId}}.
 * Uplinks go to {@code devices/{adapter}/{deviceId}/up[/{channel}]}; MQTT clients' publications to
 * {@code devices/{adapter}/{deviceId}/down[/{channel}]} arrive at the adapter as {@link dev.estuary.core.spi.DeviceMessage}s.
 * The topic model is documented in {@code docs/topic-model.md} and implemented once, in
 * {@link dev.estuary.core.spi.TopicModel}.
 *
 * <p>A plugin may also contribute management commands to the {@code estuary} command line
 * ({@link dev.estuary.core.spi.AdapterCommand}, since 1.1), e.g. to manage device credentials in its
 * {@link dev.estuary.core.spi.AdapterStore}.
 *
 * <p>Rules of the package: only JDK and Estuary types in signatures (no Netty, Jackson, Californium or Leshan), so
 * each adapter can use its own library versions; every type documented; changes versioned through
 * {@link dev.estuary.core.spi.SpiVersion}. All methods are thread-safe unless stated otherwise and none blocks
 * except where stated ({@link dev.estuary.core.spi.AdapterStore}).
 */
package dev.estuary.core.spi;
