package dev.estuary.server;

/** The gateway version, from the jar manifest ({@code dev} when run from classes, e.g. in an IDE). */
public final class Version {
    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
