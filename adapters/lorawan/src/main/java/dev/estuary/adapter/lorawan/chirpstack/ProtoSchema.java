package dev.estuary.adapter.lorawan.chirpstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The slice of ChirpStack v4's {@code api/proto} (integration/integration.proto, gw/gw.proto, common/common.proto)
 * that integration events use: field numbers, proto3 JSON names and types. Fields not listed here are skipped
 * when reading.
 */
final class ProtoSchema {
    enum Type { STRING, BOOL, UINT32, INT32, FLOAT, DOUBLE, BYTES, ENUM, MESSAGE, STRING_MAP, TIMESTAMP, DURATION,
        STRUCT }

    record Field(String json, Type type, boolean repeated, Msg message, List<String> enumValues) {
    }

    /** A message type: fields by number. */
    static final class Msg {
        final String name;
        final Map<Integer, Field> fields = new HashMap<>();

        Msg(String name) {
            this.name = name;
        }

        Msg f(int number, String json, Type type) {
            fields.put(number, new Field(json, type, false, null, null));
            return this;
        }

        Msg m(int number, String json, Msg message) {
            fields.put(number, new Field(json, Type.MESSAGE, false, message, null));
            return this;
        }

        Msg rm(int number, String json, Msg message) {
            fields.put(number, new Field(json, Type.MESSAGE, true, message, null));
            return this;
        }

        Msg e(int number, String json, List<String> values) {
            fields.put(number, new Field(json, Type.ENUM, false, null, values));
            return this;
        }
    }

    private static final List<String> CODE_RATE = List.of("CR_UNDEFINED", "CR_4_5", "CR_4_6", "CR_4_7", "CR_4_8",
            "CR_3_8", "CR_2_6", "CR_1_4", "CR_1_6", "CR_5_6", "CR_LI_4_5", "CR_LI_4_6", "CR_LI_4_8");
    private static final List<String> LOCATION_SOURCE = List.of("UNKNOWN", "GPS", "CONFIG", "GEO_RESOLVER_TDOA",
            "GEO_RESOLVER_RSSI", "GEO_RESOLVER_GNSS", "GEO_RESOLVER_WIFI");
    private static final List<String> CRC_STATUS = List.of("NO_CRC", "BAD_CRC", "CRC_OK");
    private static final List<String> LOG_LEVEL = List.of("INFO", "WARNING", "ERROR");
    private static final List<String> LOG_CODE = List.of("UNKNOWN", "DOWNLINK_PAYLOAD_SIZE", "UPLINK_CODEC",
            "DOWNLINK_CODEC", "OTAA", "UPLINK_F_CNT_RESET", "UPLINK_MIC", "UPLINK_F_CNT_RETRANSMISSION",
            "DOWNLINK_GATEWAY");

    static final Msg DEVICE_INFO = new Msg("DeviceInfo").f(1, "tenantId", Type.STRING).f(2, "tenantName", Type.STRING)
            .f(3, "applicationId", Type.STRING).f(4, "applicationName", Type.STRING)
            .f(5, "deviceProfileId", Type.STRING).f(6, "deviceProfileName", Type.STRING)
            .f(7, "deviceName", Type.STRING).f(8, "devEui", Type.STRING).f(9, "tags", Type.STRING_MAP);
    static final Msg LOCATION = new Msg("Location").f(1, "latitude", Type.DOUBLE).f(2, "longitude", Type.DOUBLE)
            .f(3, "altitude", Type.DOUBLE).e(4, "source", LOCATION_SOURCE).f(5, "accuracy", Type.FLOAT);
    static final Msg LORA = new Msg("LoraModulationInfo").f(1, "bandwidth", Type.UINT32)
            .f(2, "spreadingFactor", Type.UINT32).f(3, "codeRateLegacy", Type.STRING).e(5, "codeRate", CODE_RATE)
            .f(4, "polarizationInversion", Type.BOOL).f(6, "preamble", Type.UINT32).f(7, "noCrc", Type.BOOL);
    static final Msg FSK = new Msg("FskModulationInfo").f(1, "frequencyDeviation", Type.UINT32)
            .f(2, "datarate", Type.UINT32);
    static final Msg LR_FHSS = new Msg("LrFhssModulationInfo").f(1, "operatingChannelWidth", Type.UINT32)
            .f(2, "codeRateLegacy", Type.STRING).e(4, "codeRate", CODE_RATE).f(3, "gridSteps", Type.UINT32);
    static final Msg MODULATION = new Msg("Modulation").m(3, "lora", LORA).m(4, "fsk", FSK).m(5, "lrFhss", LR_FHSS);
    static final Msg UPLINK_TX_INFO = new Msg("UplinkTxInfo").f(1, "frequency", Type.UINT32)
            .m(2, "modulation", MODULATION);
    static final Msg UPLINK_RX_INFO = new Msg("UplinkRxInfo").f(1, "gatewayId", Type.STRING)
            .f(2, "uplinkId", Type.UINT32).f(3, "gwTime", Type.TIMESTAMP).f(17, "nsTime", Type.TIMESTAMP)
            .f(4, "timeSinceGpsEpoch", Type.DURATION).f(5, "fineTimeSinceGpsEpoch", Type.DURATION)
            .f(6, "rssi", Type.INT32).f(7, "snr", Type.FLOAT).f(8, "channel", Type.UINT32)
            .f(9, "rfChain", Type.UINT32).f(10, "board", Type.UINT32).f(11, "antenna", Type.UINT32)
            .m(12, "location", LOCATION).f(13, "context", Type.BYTES).f(15, "metadata", Type.STRING_MAP)
            .e(16, "crcStatus", CRC_STATUS);
    static final Msg DELAY = new Msg("DelayTimingInfo").f(1, "delay", Type.DURATION);
    static final Msg GPS_EPOCH = new Msg("GPSEpochTimingInfo").f(1, "timeSinceGpsEpoch", Type.DURATION);
    static final Msg TIMING = new Msg("Timing").m(1, "immediately", new Msg("ImmediatelyTimingInfo"))
            .m(2, "delay", DELAY).m(3, "gpsEpoch", GPS_EPOCH);
    static final Msg DOWNLINK_TX_INFO = new Msg("DownlinkTxInfo").f(1, "frequency", Type.UINT32)
            .f(2, "power", Type.INT32).m(3, "modulation", MODULATION).f(4, "board", Type.UINT32)
            .f(5, "antenna", Type.UINT32).m(6, "timing", TIMING).f(7, "context", Type.BYTES);

    static final Msg UPLINK = new Msg("UplinkEvent").f(1, "deduplicationId", Type.STRING).f(2, "time", Type.TIMESTAMP)
            .m(3, "deviceInfo", DEVICE_INFO).f(4, "devAddr", Type.STRING).f(5, "adr", Type.BOOL)
            .f(6, "dr", Type.UINT32).f(7, "fCnt", Type.UINT32).f(8, "fPort", Type.UINT32).f(9, "confirmed", Type.BOOL)
            .f(10, "data", Type.BYTES).f(11, "object", Type.STRUCT).rm(12, "rxInfo", UPLINK_RX_INFO)
            .m(13, "txInfo", UPLINK_TX_INFO);
    static final Msg JOIN = new Msg("JoinEvent").f(1, "deduplicationId", Type.STRING).f(2, "time", Type.TIMESTAMP)
            .m(3, "deviceInfo", DEVICE_INFO).f(4, "devAddr", Type.STRING);
    static final Msg ACK = new Msg("AckEvent").f(1, "deduplicationId", Type.STRING).f(2, "time", Type.TIMESTAMP)
            .m(3, "deviceInfo", DEVICE_INFO).f(4, "queueItemId", Type.STRING).f(5, "acknowledged", Type.BOOL)
            .f(6, "fCntDown", Type.UINT32);
    static final Msg TXACK = new Msg("TxAckEvent").f(1, "downlinkId", Type.UINT32).f(2, "time", Type.TIMESTAMP)
            .m(3, "deviceInfo", DEVICE_INFO).f(4, "queueItemId", Type.STRING).f(5, "fCntDown", Type.UINT32)
            .f(6, "gatewayId", Type.STRING).m(7, "txInfo", DOWNLINK_TX_INFO);
    static final Msg LOG = new Msg("LogEvent").f(1, "time", Type.TIMESTAMP).m(2, "deviceInfo", DEVICE_INFO)
            .e(3, "level", LOG_LEVEL).e(4, "code", LOG_CODE).f(5, "description", Type.STRING)
            .f(6, "context", Type.STRING_MAP);
    static final Msg STATUS = new Msg("StatusEvent").f(1, "deduplicationId", Type.STRING).f(2, "time", Type.TIMESTAMP)
            .m(3, "deviceInfo", DEVICE_INFO).f(5, "margin", Type.INT32).f(6, "externalPowerSource", Type.BOOL)
            .f(7, "batteryLevelUnavailable", Type.BOOL).f(8, "batteryLevel", Type.FLOAT);
    static final Msg LOCATION_EVENT = new Msg("LocationEvent").f(1, "deduplicationId", Type.STRING)
            .f(2, "time", Type.TIMESTAMP).m(3, "deviceInfo", DEVICE_INFO).m(4, "location", LOCATION);
    static final Msg INTEGRATION = new Msg("IntegrationEvent").f(1, "deduplicationId", Type.STRING)
            .f(2, "time", Type.TIMESTAMP).m(3, "deviceInfo", DEVICE_INFO).f(4, "integrationName", Type.STRING)
            .f(5, "eventType", Type.STRING).f(6, "object", Type.STRUCT);

    /** The message type of each event name. */
    static final Map<String, Msg> EVENTS = Map.of("up", UPLINK, "join", JOIN, "ack", ACK, "txack", TXACK, "log", LOG,
            "status", STATUS, "location", LOCATION_EVENT, "integration", INTEGRATION);

    private ProtoSchema() {
    }
}
