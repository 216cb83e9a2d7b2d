package dev.estuary.adapter.coap.device;

import dev.estuary.core.spi.DeviceMessage;
import dev.estuary.core.spi.DeviceSession;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;

/**
 * Answers a downlink that asked for a reply (MQTT 5 response topic, or a JSON {@code id}) once its notification's
 * fate is known: sent (NON), acknowledged (CON), or not delivered. The answer is the topic model's JSON:
 * {@code {"id":..,"ok":true,"status":"acknowledged"}} or {@code {"id":..,"ok":false,"error":..}}.
 */
final class DownlinkOutcome extends MessageObserverAdapter {
    private final DeviceSession session;
    private final DeviceMessage request;
    private final Response response;
    private final AtomicBoolean answered = new AtomicBoolean();

    DownlinkOutcome(DeviceSession session, DeviceMessage request, Response response) {
        this.session = session;
        this.request = request;
        this.response = response;
    }

    /** Answers a downlink that could not be sent at all. */
    static void undeliverable(DeviceSession session, DeviceMessage request, String why) {
        session.reply(request, json(request, false, why), "application/json");
    }

    @Override
    public void onSent(boolean retransmission) {
        if (!retransmission && !response.isConfirmable()) {
            answer(true, "sent");
        }
    }

    @Override
    public void onAcknowledgement() {
        answer(true, "acknowledged");
    }

    @Override
    public void onReject() {
        answer(false, "the device rejected the notification (RST)");
    }

    @Override
    public void onTimeout() {
        answer(false, "the device did not acknowledge the notification");
    }

    @Override
    public void onSendError(Throwable error) {
        answer(false, "the notification could not be sent: " + error.getMessage());
    }

    @Override
    public void onCancel() {
        answer(false, "the notification was cancelled");
    }

    private void answer(boolean ok, String text) {
        if (answered.compareAndSet(false, true)) {
            session.reply(request, json(request, ok, text), "application/json");
        }
    }

    private static byte[] json(DeviceMessage request, boolean ok, String text) {
        StringBuilder b = new StringBuilder("{");
        if (request.requestId() != null) {
            b.append("\"id\":").append(quote(request.requestId())).append(',');
        }
        b.append("\"ok\":").append(ok).append(',').append(ok ? "\"status\":" : "\"error\":").append(quote(text));
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
