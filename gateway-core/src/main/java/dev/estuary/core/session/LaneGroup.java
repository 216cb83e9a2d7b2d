package dev.estuary.core.session;

/** The fixed set of lanes the broker runs sessions on. */
public interface LaneGroup {
    /** The lane for a key (a client id): stable for the same key. */
    Lane laneFor(String key);

    /** Number of lanes. */
    int size();
}
