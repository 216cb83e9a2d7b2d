package dev.estuary.core.message;

import java.util.Objects;

/** An MQTT 5 user property: a UTF-8 name/value pair carried with a message, in order, duplicates allowed. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
