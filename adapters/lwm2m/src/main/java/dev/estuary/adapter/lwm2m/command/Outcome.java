package dev.estuary.adapter.lwm2m.command;

import java.util.List;
import org.eclipse.leshan.core.ResponseCode;

/**
 * The result of a command, before it is written as a native or an EMQX-shaped answer.
 *
 * @param command     the command (null when it could not be parsed)
 * @param ok          whether it succeeded
 * @param code        the device's LwM2M response code, or null when the device did not answer
 * @param error       what went wrong, or null
 * @param values      the values read (leaves), possibly empty
 * @param singleValue true when the target was one value (answered as {@code value}/{@code type})
 * @param links       discovered links, or empty
 * @param location    where a created instance lives, or null
 * @param observing   true for a new observation
 */
public record Outcome(Command command, boolean ok, ResponseCode code, String error, List<NodeJson.Leaf> values,
                      boolean singleValue, List<String> links, String location, boolean observing) {

    /** A failure before or instead of a device answer (bad command, timeout, unreachable, expired...). */
    public static Outcome failed(Command command, String error) {
        return new Outcome(command, false, null, error, List.of(), false, List.of(), null, false);
    }

    /** The device's answer without content. */
    public static Outcome answered(Command command, ResponseCode code, String errorMessage) {
        boolean ok = code.isSuccess();
        String error = ok ? null : errorMessage != null && !errorMessage.isBlank() ? errorMessage
                : code.getName().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return new Outcome(command, ok, code, error, List.of(), false, List.of(), null, false);
    }

    public Outcome withValues(List<NodeJson.Leaf> v, boolean single) {
        return new Outcome(command, ok, code, error, List.copyOf(v), single, links, location, observing);
    }

    public Outcome withLinks(List<String> l) {
        return new Outcome(command, ok, code, error, values, singleValue, List.copyOf(l), location, observing);
    }

    public Outcome withLocation(String l) {
        return new Outcome(command, ok, code, error, values, singleValue, links, l, observing);
    }

    public Outcome asObservation() {
        return new Outcome(command, ok, code, error, values, singleValue, links, location, true);
    }

    /** {@code 2.05}-style text of the code. */
    public static String coapCode(ResponseCode code) {
        int c = code.getCode();
        return (c / 100) + "." + String.format("%02d", c % 100);
    }
}
