package dev.estuary.adapter.lorawan.abp;

import dev.estuary.adapter.lorawan.frame.DataFrame;

/**
 * What became of one ABP data frame: accepted (with its 32-bit FCnt and plaintext), or why not.
 *
 * @param status    the verdict
 * @param device    the device, when the frame was matched to one
 * @param frame     the parsed frame, when it parsed
 * @param fCnt      the full 32-bit frame counter (accepted and duplicate frames)
 * @param plaintext the decrypted FRMPayload (accepted frames)
 * @param detail    a reason for logs
 */
public record AbpResult(Status status, AbpDevice device, DataFrame frame, long fCnt, byte[] plaintext,
                        String detail) {
    /** Verdicts. */
    public enum Status {
        ACCEPTED, DUPLICATE, MALFORMED, UNKNOWN_DEVADDR, MIC_FAILED, REPLAY, FCNT_GAP, NOT_UPLINK
    }

    static AbpResult rejected(Status s, AbpDevice d, DataFrame f, String detail) {
        return new AbpResult(s, d, f, -1, null, detail);
    }
}
