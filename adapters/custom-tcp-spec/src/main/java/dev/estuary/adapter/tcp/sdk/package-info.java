/**
 * The vendor SDK: how a vendor plugin brings its own TCP protocol to Estuary.
 *
 * <p>A vendor implements {@link dev.estuary.adapter.tcp.sdk.VendorProtocol} as a PF4J {@code @Extension} in its own
 * plugin, whose {@code plugin.properties} declares {@code plugin.dependencies=custom-tcp-spec} so that it sees these
 * types. The TCP adapter finds the extension, opens a listener for it ({@code adapters.tcp.vendors.{id}.port}),
 * and does everything around the protocol: sockets, TLS, framing buffers and their limits, back-pressure,
 * authentication and ACL (through the gateway's device sessions), status, events, downlink tracking with
 * timeouts and retries, and the answers to requesters. The vendor writes only the protocol: a
 * {@link dev.estuary.adapter.tcp.sdk.VendorCodec} (bytes to messages and back) and a
 * {@link dev.estuary.adapter.tcp.sdk.VendorHandler} (what the messages mean), talking to the gateway through a
 * {@link dev.estuary.adapter.tcp.sdk.DeviceLink}.
 *
 * <p>Rules of the package: only JDK types and the gateway SPI's value types ({@code dev.estuary.core.spi}) appear in
 * signatures (no Netty), so vendors are insulated from the adapter's libraries; versioned through
 * {@link dev.estuary.adapter.tcp.sdk.VendorSdk}. The guide is the section "Vendor protocols over TCP" of
 * {@code docs/plugins.md}.
 */
package dev.estuary.adapter.tcp.sdk;
