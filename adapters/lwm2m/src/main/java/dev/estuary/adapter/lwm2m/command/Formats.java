package dev.estuary.adapter.lwm2m.command;

import java.util.Locale;
import org.eclipse.leshan.core.request.ContentFormat;

/** Content formats by the names a command may use: {@code SENML_JSON}, {@code senml-cbor}, a media type or a code. */
public final class Formats {
    /** The names accepted, for error messages. */
    public static final String NAMES = "SENML_JSON, SENML_CBOR, TLV, TEXT, OPAQUE, CBOR, JSON (OMA JSON), LINK, "
            + "a media type such as application/senml+json, or a numeric CoAP content format";

    private Formats() {
    }

    /**
     * Parses a format name.
     *
     * @throws CommandException naming the bad value
     */
    public static ContentFormat parse(String name) throws CommandException {
        String n = name.trim();
        if (n.matches("\\d{1,5}")) {
            int code = Integer.parseInt(n);
            for (ContentFormat f : ContentFormat.knownContentFormat) {
                if (f.getCode() == code) {
                    return f;
                }
            }
        }
        if (n.contains("/")) {
            ContentFormat f = ContentFormat.fromMediaType(n.toLowerCase(Locale.ROOT));
            if (f != null) {
                return f;
            }
        }
        String key = n.toUpperCase(Locale.ROOT).replace('-', '_').replace('+', '_');
        if (key.equals("LWM2M_JSON") || key.equals("OMA_JSON")) {
            key = "JSON";
        }
        if (key.equals("PLAIN") || key.equals("PLAINTEXT")) {
            key = "TEXT";
        }
        for (ContentFormat f : ContentFormat.knownContentFormat) {
            if (f.getName().equals(key)) {
                return f;
            }
        }
        throw new CommandException("unknown format '" + name + "' (use " + NAMES + ")");
    }
}
