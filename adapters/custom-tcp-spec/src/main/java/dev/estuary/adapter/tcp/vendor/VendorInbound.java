package dev.estuary.adapter.tcp.vendor;

/** A message the vendor's codec decoded, on its way from the decoder to the connection handler. */
record VendorInbound<M>(M message) {
}
