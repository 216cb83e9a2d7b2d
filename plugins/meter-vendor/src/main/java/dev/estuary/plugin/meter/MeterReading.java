package dev.estuary.plugin.meter;

import java.util.Locale;

/**
 * The data of a READING frame: energy imported in Wh (u32), active power in W (signed 32-bit), voltage in 0.1 V
 * (u16), current in 0.01 A (u16), relay state (0 open, 1 closed); big-endian.
 *
 * @param energyWh  energy imported
 * @param powerW    active power (negative when exporting)
 * @param decivolts voltage in 0.1 V
 * @param centiamps current in 0.01 A
 * @param relayOn   relay closed
 */
public record MeterReading(long energyWh, int powerW, int decivolts, int centiamps, boolean relayOn) {

    static MeterReading parse(byte[] d) {
        long energy = ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
        int power = ((d[4] & 0xFF) << 24) | ((d[5] & 0xFF) << 16) | ((d[6] & 0xFF) << 8) | (d[7] & 0xFF);
        int volts = ((d[8] & 0xFF) << 8) | (d[9] & 0xFF);
        int amps = ((d[10] & 0xFF) << 8) | (d[11] & 0xFF);
        return new MeterReading(energy, power, volts, amps, d[12] != 0);
    }

    /** The JSON document published as the uplink (see the README). */
    String json() {
        return String.format(Locale.ROOT, "{\"energyWh\":%d,\"powerW\":%d,\"voltageV\":%.1f,\"currentA\":%.2f,"
                + "\"relay\":\"%s\"}", energyWh, powerW, decivolts / 10.0, centiamps / 100.0, relayOn ? "on" : "off");
    }
}
