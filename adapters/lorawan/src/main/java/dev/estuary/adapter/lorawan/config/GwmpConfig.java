package dev.estuary.adapter.lorawan.config;

import java.time.Duration;
import java.util.List;

/**
 * The Semtech UDP packet-forwarder (GWMP) listener.
 *
 * @param enabled         start it (true: the bundled gateway listens for packet forwarders on UDP 1700 out of the
 *                        box; only frames of provisioned ABP devices with a valid MIC are accepted)
 * @param bind            address (0.0.0.0)
 * @param port            UDP port (1700; 0 picks a free one)
 * @param maxFcntGap      largest accepted jump of an ABP device's uplink frame counter (16384, LoRaWAN 1.0 MAX_FCNT_GAP)
 * @param gatewayTimeout  a gateway silent this long goes offline (60s)
 * @param allowedGateways gateway EUIs allowed to send (empty = any)
 * @param maxDatagramBytes largest datagram accepted (65535)
 * @param rx1Delay        RX1 delay of the ABP devices: class A downlinks leave this long after the uplink (1s)
 * @param txPower         downlink transmit power in dBm (14)
 * @param abpReloadInterval how often the ABP sessions are re-read from the store, so that devices deleted or
 *                        provisioned again (e.g. with {@code estuary lorawan abp}) take effect (10s)
 */
public record GwmpConfig(Boolean enabled, String bind, Integer port, Integer maxFcntGap, Duration gatewayTimeout,
                         List<String> allowedGateways, Integer maxDatagramBytes, Duration rx1Delay, Integer txPower,
                         Duration abpReloadInterval) {
    public GwmpConfig {
        enabled = enabled == null || enabled;
        bind = bind == null ? "0.0.0.0" : bind;
        port = port == null ? 1700 : port;
        maxFcntGap = maxFcntGap == null ? 16384 : maxFcntGap;
        gatewayTimeout = gatewayTimeout == null ? Duration.ofSeconds(60) : gatewayTimeout;
        allowedGateways = allowedGateways == null ? List.of() : List.copyOf(allowedGateways);
        maxDatagramBytes = maxDatagramBytes == null ? 65535 : maxDatagramBytes;
        rx1Delay = rx1Delay == null ? Duration.ofSeconds(1) : rx1Delay;
        txPower = txPower == null ? 14 : txPower;
        abpReloadInterval = abpReloadInterval == null ? Duration.ofSeconds(10) : abpReloadInterval;
        if (abpReloadInterval.toMillis() < 10) {
            throw new IllegalArgumentException("abp_reload_interval must be at least 10ms (was " + abpReloadInterval
                    + ")");
        }
    }
}
