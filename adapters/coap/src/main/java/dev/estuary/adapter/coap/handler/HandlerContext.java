package dev.estuary.adapter.coap.handler;

import dev.estuary.adapter.coap.CoapAdapterConfig;
import dev.estuary.adapter.coap.CoapMetrics;
import dev.estuary.adapter.coap.device.DeviceRegistry;

/**
 * What the resources share.
 *
 * @param config       the adapter's settings
 * @param devices      the online devices
 * @param gate         the bound on requests in progress
 * @param observations observe relations and their observations
 * @param metrics      the adapter's counters
 */
public record HandlerContext(CoapAdapterConfig config, DeviceRegistry devices, RequestGate gate,
                             ObservationIndex observations, CoapMetrics metrics) {
}
