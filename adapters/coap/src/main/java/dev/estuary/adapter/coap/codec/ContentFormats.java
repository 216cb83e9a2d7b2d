package dev.estuary.adapter.coap.codec;

import java.util.Locale;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * CoAP Content-Format numbers (RFC 7252 §12.3) to MQTT 5 content types and back. The formats devices use most
 * ({@code text/plain} 0, {@code application/octet-stream} 42, {@code application/json} 50,
 * {@code application/cbor} 60) and every other format Californium knows map to their media type; a number nobody
 * registered has no content type (the MQTT message carries the number in the user property
 * {@value #FORMAT_PROPERTY} instead).
 */
public final class ContentFormats {
    /** User property carrying a Content-Format number that has no registered media type. */
    public static final String FORMAT_PROPERTY = "coap-content-format";

    private ContentFormats() {
    }

    /** The media type of a Content-Format, or null when there is none or it is not registered. */
    public static String toContentType(int contentFormat) {
        if (contentFormat == MediaTypeRegistry.UNDEFINED) {
            return null;
        }
        String mime = MediaTypeRegistry.toString(contentFormat);
        return mime.startsWith("unknown/") ? null : mime;
    }

    /**
     * The Content-Format of an MQTT content type ({@code text/plain; charset=utf-8} is 0), or
     * {@link MediaTypeRegistry#UNDEFINED} when the type is null or has no CoAP number.
     */
    public static int toContentFormat(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return MediaTypeRegistry.UNDEFINED;
        }
        String base = contentType;
        int semi = base.indexOf(';');
        if (semi >= 0) {
            base = base.substring(0, semi);
        }
        return MediaTypeRegistry.parse(base.trim().toLowerCase(Locale.ROOT));
    }
}
