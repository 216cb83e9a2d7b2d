package dev.estuary.adapter.lwm2m.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.ContentFormat;

/**
 * A parsed command: what to do to which path(s) of a device. The op-specific members ({@code value},
 * {@code values}, {@code args}, {@code attributes}...) stay in {@link #body()} and are read by the op.
 *
 * @param id      the requester's {@code "id"}, or null
 * @param op      the operation
 * @param path    the target (single-path ops), else null
 * @param paths   the targets of composite ops, else empty
 * @param format  the content format asked for, or null to let the gateway choose
 * @param timeout how long to wait for the device's answer once the request was sent
 * @param body    the whole command
 */
public record Command(String id, Op op, LwM2mPath path, List<LwM2mPath> paths, ContentFormat format,
                      Duration timeout, ObjectNode body) {

    /** The target(s) as text, for answers and logs. */
    public String target() {
        if (path != null) {
            return path.toString();
        }
        return String.join(",", paths.stream().map(LwM2mPath::toString).toList());
    }

    /** A member of the command, or a missing node. */
    public JsonNode member(String name) {
        return body.path(name);
    }
}
