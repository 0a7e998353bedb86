package dev.muon.ofdriver;

import dev.muon.pipeline.flow.FlowChanges;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * The OpenFlow 1.3 fallback: plain flow-mods, then a barrier. The switch handles them in
 * order and answers the barrier after all of them, so by then every error has arrived.
 * Not atomic: flow-mods before a rejected one stay applied (the reconciler's next diff
 * sees exactly what is there).
 */
final class BarrierTransaction extends FlowChangeTransaction {
    private long barrierXid;

    BarrierTransaction(SwitchConnection conn, FlowChanges changes) {
        super(conn, changes);
    }

    void start() {
        int n = flowCount();
        firstFlowModXid = conn.pending().register(this, n + 1);
        barrierXid = firstFlowModXid + n;
        MessageBatch batch = new MessageBatch(conn.alloc());
        try {
            addFlowMods(batch);
            batch.add(conn.factory().buildBarrierRequest().setXid(barrierXid).build());
        } catch (RuntimeException e) {
            batch.release();
            conn.pending().remove(firstFlowModXid);
            throw e;
        }
        conn.send(batch);
    }

    @Override
    protected OFMessage wrap(OFMessage flowMod) {
        return flowMod;
    }

    @Override
    public boolean onReply(long xid, Object reply) {
        if (xid != barrierXid || !(reply instanceof OFBarrierReply)) {
            return false;
        }
        if (firstError == null) {
            succeed();
        } else {
            fail(firstError);
        }
        return true;
    }

    @Override
    public boolean onError(OpenFlowErrorException e) {
        recordError(e);
        if (e.xid() == barrierXid) {
            fail(firstError);
            return true;
        }
        return false;
    }
}
