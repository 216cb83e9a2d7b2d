package dev.estuary.adapter.lorawan.http;

import dev.estuary.adapter.lorawan.device.Outcome;

/**
 * The answer to one HTTP request: a status and a one-line text for the network server's log.
 *
 * @param status  HTTP status code
 * @param message plain-text body
 */
public record HttpAnswer(int status, String message) {
    public static HttpAnswer badRequest(String message) {
        return new HttpAnswer(400, message);
    }

    /** 200 for published/duplicate/ignored, 403 when the gateway refused the device, 503 when it could not publish. */
    public static HttpAnswer of(Outcome o) {
        switch (o.kind()) {
            case PUBLISHED:
                return new HttpAnswer(200, "published");
            case DUPLICATE:
                return new HttpAnswer(200, "duplicate: " + o.detail());
            case IGNORED:
                return new HttpAnswer(200, "ignored: " + o.detail());
            case REFUSED:
                return new HttpAnswer(403, "device refused: " + o.detail());
            default:
                return new HttpAnswer(503, "not published: " + o.detail());
        }
    }
}
