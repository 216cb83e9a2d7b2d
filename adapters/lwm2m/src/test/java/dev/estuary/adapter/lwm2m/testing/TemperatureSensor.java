package dev.estuary.adapter.lwm2m.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/** An IPSO Temperature (3303) instance on the test client: value set by the test, min/max, reset (5605). */
public class TemperatureSensor extends BaseInstanceEnabler {
    private volatile double value = 21.5;
    private volatile double min = 21.5;
    private volatile double max = 21.5;
    /** Arguments of every execute of 5605. */
    public final List<String> resets = new CopyOnWriteArrayList<>();

    public TemperatureSensor() {
    }

    public TemperatureSensor(int id) {
        super(id);
    }

    /** Changes the value; observers are notified. */
    public void set(double v) {
        value = v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        fireResourcesChange(getPath(5700), getPath(5601), getPath(5602));
    }

    private org.eclipse.leshan.core.node.LwM2mPath getPath(int r) {
        return new org.eclipse.leshan.core.node.LwM2mPath(3303, getId(), r);
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        switch (resourceId) {
            case 5700:
                return ReadResponse.success(resourceId, value);
            case 5601:
                return ReadResponse.success(resourceId, min);
            case 5602:
                return ReadResponse.success(resourceId, max);
            case 5701:
                return ReadResponse.success(resourceId, "Cel");
            default:
                return super.read(server, resourceId);
        }
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceid, LwM2mResource v) {
        return super.write(server, replace, resourceid, v);
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId == 5605) {
            resets.add(arguments == null ? "" : arguments.serialize());
            min = value;
            max = value;
            return ExecuteResponse.success();
        }
        return super.execute(server, resourceId, arguments);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(5700, 5601, 5602, 5701, 5605);
    }
}
