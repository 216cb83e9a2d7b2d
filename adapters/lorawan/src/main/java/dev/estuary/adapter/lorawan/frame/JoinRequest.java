package dev.estuary.adapter.lorawan.frame;

import dev.estuary.adapter.lorawan.Hex;
import java.util.Arrays;

/**
 * A join-request (LoRaWAN 1.0.3 §6.2.4): AppEUI/JoinEUI, DevEUI and DevNonce, little-endian on air.
 *
 * @param phy      the PHYPayload
 * @param joinEui  JoinEUI as 16 hex digits (display order)
 * @param devEui   DevEUI as 16 hex digits (display order)
 * @param devNonce DevNonce as a number
 */
public record JoinRequest(PhyPayload phy, String joinEui, String devEui, int devNonce) {
    public static JoinRequest parse(PhyPayload phy) throws MalformedFrameException {
        if (phy.mType() != MType.JOIN_REQUEST) {
            throw new MalformedFrameException(phy.mType() + " is not a join-request");
        }
        byte[] p = phy.macPayload();
        if (p.length != 18) {
            throw new MalformedFrameException("join-request MACPayload must be 18 bytes, was " + p.length);
        }
        return new JoinRequest(phy, Hex.of(Hex.reversed(Arrays.copyOfRange(p, 0, 8))),
                Hex.of(Hex.reversed(Arrays.copyOfRange(p, 8, 16))), (p[16] & 0xff) | (p[17] & 0xff) << 8);
    }
}
