package dev.estuary.adapter.lorawan.frame;

import java.util.Arrays;

/**
 * A LoRaWAN PHYPayload split into MHDR, MACPayload and MIC (LoRaWAN 1.0.3 §4.1). Join-accepts are kept as on air
 * (their MACPayload and MIC are encrypted; see {@link JoinAccept}).
 *
 * @param mhdr       the MAC header byte
 * @param macPayload the bytes between the MHDR and the MIC
 * @param mic        the last 4 bytes
 * @param raw        the whole PHYPayload
 */
public record PhyPayload(int mhdr, byte[] macPayload, byte[] mic, byte[] raw) {
    /** Smallest PHYPayload: MHDR + MIC. */
    static final int MIN_LENGTH = 5;

    public static PhyPayload parse(byte[] raw) throws MalformedFrameException {
        if (raw == null || raw.length < MIN_LENGTH) {
            throw new MalformedFrameException("PHYPayload shorter than " + MIN_LENGTH + " bytes");
        }
        int mhdr = raw[0] & 0xff;
        if ((mhdr & 0x03) != 0) {
            throw new MalformedFrameException("unsupported LoRaWAN major version " + (mhdr & 0x03));
        }
        return new PhyPayload(mhdr, Arrays.copyOfRange(raw, 1, raw.length - 4),
                Arrays.copyOfRange(raw, raw.length - 4, raw.length), raw.clone());
    }

    public MType mType() {
        return MType.of(mhdr);
    }

    /** MHDR | MACPayload: what the MIC covers (for data frames and join-requests). */
    public byte[] withoutMic() {
        return Arrays.copyOf(raw, raw.length - 4);
    }
}
