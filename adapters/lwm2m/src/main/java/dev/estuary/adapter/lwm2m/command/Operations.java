package dev.estuary.adapter.lwm2m.command;

import dev.estuary.adapter.lwm2m.command.op.CancelObserveCompositeOp;
import dev.estuary.adapter.lwm2m.command.op.CancelObserveOp;
import dev.estuary.adapter.lwm2m.command.op.CreateOp;
import dev.estuary.adapter.lwm2m.command.op.DeleteOp;
import dev.estuary.adapter.lwm2m.command.op.DiscoverOp;
import dev.estuary.adapter.lwm2m.command.op.ExecuteOp;
import dev.estuary.adapter.lwm2m.command.op.ObserveCompositeOp;
import dev.estuary.adapter.lwm2m.command.op.ObserveOp;
import dev.estuary.adapter.lwm2m.command.op.ReadCompositeOp;
import dev.estuary.adapter.lwm2m.command.op.ReadOp;
import dev.estuary.adapter.lwm2m.command.op.WriteAttributesOp;
import dev.estuary.adapter.lwm2m.command.op.WriteCompositeOp;
import dev.estuary.adapter.lwm2m.command.op.WriteOp;
import java.util.EnumMap;
import java.util.Map;

/** The one {@link Operation} of each {@link Op}. */
public final class Operations {
    private static final Map<Op, Operation> BY_OP = new EnumMap<>(Op.class);

    static {
        BY_OP.put(Op.READ, new ReadOp());
        BY_OP.put(Op.WRITE, new WriteOp());
        BY_OP.put(Op.EXECUTE, new ExecuteOp());
        BY_OP.put(Op.DISCOVER, new DiscoverOp());
        BY_OP.put(Op.WRITE_ATTRIBUTES, new WriteAttributesOp());
        BY_OP.put(Op.OBSERVE, new ObserveOp());
        BY_OP.put(Op.CANCEL_OBSERVE, new CancelObserveOp());
        BY_OP.put(Op.CREATE, new CreateOp());
        BY_OP.put(Op.DELETE, new DeleteOp());
        BY_OP.put(Op.READ_COMPOSITE, new ReadCompositeOp());
        BY_OP.put(Op.OBSERVE_COMPOSITE, new ObserveCompositeOp());
        BY_OP.put(Op.CANCEL_OBSERVE_COMPOSITE, new CancelObserveCompositeOp());
        BY_OP.put(Op.WRITE_COMPOSITE, new WriteCompositeOp());
    }

    private Operations() {
    }

    public static Operation of(Op op) {
        return BY_OP.get(op);
    }
}
