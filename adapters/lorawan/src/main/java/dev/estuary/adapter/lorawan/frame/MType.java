package dev.estuary.adapter.lorawan.frame;

/** LoRaWAN message types (MHDR bits 7..5, LoRaWAN 1.0.3 §4.2.1). */
public enum MType {
    JOIN_REQUEST,
    JOIN_ACCEPT,
    UNCONFIRMED_DATA_UP,
    UNCONFIRMED_DATA_DOWN,
    CONFIRMED_DATA_UP,
    CONFIRMED_DATA_DOWN,
    REJOIN_REQUEST,
    PROPRIETARY;

    public static MType of(int mhdr) {
        return values()[(mhdr >>> 5) & 0x07];
    }

    public boolean data() {
        return this == UNCONFIRMED_DATA_UP || this == UNCONFIRMED_DATA_DOWN || this == CONFIRMED_DATA_UP
                || this == CONFIRMED_DATA_DOWN;
    }

    public boolean downlink() {
        return this == UNCONFIRMED_DATA_DOWN || this == CONFIRMED_DATA_DOWN || this == JOIN_ACCEPT;
    }

    public boolean confirmed() {
        return this == CONFIRMED_DATA_UP || this == CONFIRMED_DATA_DOWN;
    }
}
