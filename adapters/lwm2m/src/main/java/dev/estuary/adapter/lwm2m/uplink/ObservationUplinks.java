package dev.estuary.adapter.lwm2m.uplink;

import dev.estuary.adapter.lwm2m.command.NodeJson;
import dev.estuary.adapter.lwm2m.device.Endpoint;
import dev.estuary.adapter.lwm2m.device.Lifecycle;
import java.time.Instant;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.TimestampedLwM2mNode;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.send.SendListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns observation notifications and LwM2M 1.1 Send requests into uplinks ({@link Uplinks}). */
public final class ObservationUplinks implements ObservationListener, SendListener {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationUplinks.class);

    private final Lifecycle lifecycle;
    private final Uplinks uplinks;

    public ObservationUplinks(Lifecycle lifecycle, Uplinks uplinks) {
        this.lifecycle = lifecycle;
        this.uplinks = uplinks;
    }

    @Override
    public void onResponse(SingleObservation observation, Registration reg, ObserveResponse response) {
        Endpoint ep = lifecycle.endpoint(reg.getEndpoint());
        if (ep == null || !response.isSuccess()) {
            return;
        }
        LwM2mPath path = observation.getPath();
        if (response.getTimestampedLwM2mNodes() != null && !response.getTimestampedLwM2mNodes().isEmpty()) {
            for (TimestampedLwM2mNode t : response.getTimestampedLwM2mNodes()) {
                uplinks.publish(ep, NodeJson.leaves(path, t.getNode()), t.getTimestamp(), path.toString());
            }
        } else if (response.getContent() != null) {
            uplinks.publish(ep, NodeJson.leaves(path, response.getContent()), null, path.toString());
        }
    }

    @Override
    public void onResponse(CompositeObservation observation, Registration reg, ObserveCompositeResponse response) {
        Endpoint ep = lifecycle.endpoint(reg.getEndpoint());
        if (ep == null || !response.isSuccess()) {
            return;
        }
        TimestampedLwM2mNodes nodes = response.getTimestampedLwM2mNodes();
        if (nodes != null && !nodes.isEmpty()) {
            publish(ep, nodes, observation.getPaths().toString());
        } else if (response.getContent() != null) {
            uplinks.publish(ep, NodeJson.leaves(response.getContent()), null, observation.getPaths().toString());
        }
    }

    @Override
    public void dataReceived(Registration reg, TimestampedLwM2mNodes data, SendRequest request) {
        Endpoint ep = lifecycle.endpoint(reg.getEndpoint());
        if (ep != null) {
            publish(ep, data, null);
        }
    }

    private void publish(Endpoint ep, TimestampedLwM2mNodes nodes, String observedPath) {
        for (Instant ts : nodes.getTimestamps()) {
            Map<LwM2mPath, LwM2mNode> at = nodes.getNodesAt(ts);
            uplinks.publish(ep, NodeJson.leaves(at), ts, observedPath);
        }
    }

    @Override
    public void onError(Registration reg, String errorMessage, Exception error) {
        LOG.debug("bad Send from LwM2M endpoint {}: {}", reg == null ? "?" : reg.getEndpoint(), errorMessage);
    }

    @Override
    public void onError(Observation observation, Registration reg, Exception error) {
        LOG.debug("bad notification from LwM2M endpoint {}: {}", reg == null ? "?" : reg.getEndpoint(),
                error.toString());
    }

    @Override
    public void newObservation(Observation observation, Registration reg) {
        LOG.debug("observing {} on {}", observation, reg.getEndpoint());
    }

    @Override
    public void cancelled(Observation observation) {
        LOG.debug("observation cancelled: {}", observation);
    }
}
