package dev.estuary.adapter.tcp.handler;

import dev.estuary.adapter.tcp.codec.ErrorCode;
import dev.estuary.adapter.tcp.codec.ErrorFrame;
import dev.estuary.adapter.tcp.codec.Frame;
import dev.estuary.adapter.tcp.codec.GoodbyeFrame;
import dev.estuary.adapter.tcp.codec.GoodbyeReason;
import dev.estuary.adapter.tcp.codec.HelloAckFrame;
import dev.estuary.adapter.tcp.codec.HelloResult;

/**
 * Why a connection ends, as one value for the one close helper ({@link DeviceConnection#close}): the last frame to
 * send the device (ERROR, GOODBYE, a refusing HELLO_ACK, or none), the operator's log line, and the reason the
 * device session ends with (its {@code disconnected} event and offline status).
 *
 * @param last          the frame sent before closing, or null
 * @param log           what the log line says
 * @param sessionReason the reason given to the device session
 * @param deviceFault   true when the device is to blame (a protocol error, a refusal, a timeout: logged at INFO),
 *                      false for ordinary ends (logged at DEBUG)
 * @param protocolError counted in {@code protocol_errors_total}
 */
public record Close(Frame last, String log, String sessionReason, boolean deviceFault, boolean protocolError) {

    /** A protocol error (spec §8): ERROR frame, then close. */
    public static Close error(ErrorCode code, String detail) {
        return new Close(ErrorFrame.of(code, detail), "ERROR " + code + ": " + detail,
                "protocol error: " + code, true, true);
    }

    /** Our own failure (spec §8): ERROR INTERNAL_ERROR, then close; the bug itself is logged by the caller. */
    public static Close internal() {
        return new Close(ErrorFrame.of(ErrorCode.INTERNAL_ERROR, "internal error"), "ERROR INTERNAL_ERROR",
                "internal error", false, false);
    }

    /** A refused HELLO (spec §6.2): HELLO_ACK with the result, then close. */
    public static Close refused(HelloResult result, String detail) {
        return new Close(HelloAckFrame.refused(result, detail), "HELLO refused with " + result + ": " + detail,
                "refused: " + result, true, false);
    }

    /** An orderly end decided by the gateway (spec §6.6): GOODBYE, then close. */
    public static Close goodbye(GoodbyeReason reason, String text) {
        return new Close(GoodbyeFrame.of(reason, text), "GOODBYE " + reason + ": " + text, text, false, false);
    }

    /** The device said GOODBYE (or ERROR), or the connection was lost: nothing more is sent. */
    public static Close ended(String why, boolean deviceFault) {
        return new Close(null, why, why, deviceFault, false);
    }
}
