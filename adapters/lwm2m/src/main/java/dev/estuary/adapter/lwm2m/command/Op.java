package dev.estuary.adapter.lwm2m.command;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The command operations, by their names in JSON commands. */
public enum Op {
    READ("read", true),
    WRITE("write", true),
    EXECUTE("execute", true),
    DISCOVER("discover", true),
    WRITE_ATTRIBUTES("write-attributes", true),
    OBSERVE("observe", true),
    CANCEL_OBSERVE("cancel-observe", true),
    CREATE("create", true),
    DELETE("delete", true),
    READ_COMPOSITE("read-composite", false),
    OBSERVE_COMPOSITE("observe-composite", false),
    CANCEL_OBSERVE_COMPOSITE("cancel-observe-composite", false),
    WRITE_COMPOSITE("write-composite", false);

    private final String label;
    private final boolean singlePath;

    Op(String label, boolean singlePath) {
        this.label = label;
        this.singlePath = singlePath;
    }

    /** The name used in commands. */
    public String label() {
        return label;
    }

    /** True when the command names one {@code "path"}; false for composite operations ({@code "paths"}). */
    public boolean singlePath() {
        return singlePath;
    }

    public static Optional<Op> of(String label) {
        return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst();
    }

    /** Every op name, for error messages. */
    public static String labels() {
        return Arrays.stream(values()).map(Op::label).collect(Collectors.joining(", "));
    }
}
