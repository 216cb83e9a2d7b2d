package dev.estuary.adapter.lorawan.device;

/**
 * What became of one accepted input (an uplink, an event): the HTTP endpoints answer with it.
 *
 * @param kind   the category
 * @param detail a human-readable reason for anything but PUBLISHED
 */
public record Outcome(Kind kind, String detail) {
    /** Outcome categories. */
    public enum Kind {
        /** Published into the broker. */
        PUBLISHED,
        /** Already published from another source, gateway or retry (counted). */
        DUPLICATE,
        /** Understood and deliberately not published (counted; the detail says why). */
        IGNORED,
        /** The gateway refused the device (authentication or ACL). */
        REFUSED,
        /** Could not be published (broker rejected it, adapter stopping). */
        FAILED
    }

    public static final Outcome PUBLISHED = new Outcome(Kind.PUBLISHED, null);

    public static Outcome of(Kind kind, String detail) {
        return new Outcome(kind, detail);
    }

    public boolean ok() {
        return kind == Kind.PUBLISHED || kind == Kind.DUPLICATE || kind == Kind.IGNORED;
    }
}
