package dev.muon.ofdriver;

import dev.muon.pipeline.flow.FlowChanges;
import java.util.EnumSet;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.BundleId;

/**
 * An OpenFlow 1.4 atomic, ordered bundle: OPEN, one BUNDLE_ADD per flow-mod, CLOSE, all
 * written at once; then, when the switch has answered CLOSE, COMMIT if no message was
 * rejected, else DISCARD.
 *
 * <p>Why CLOSE first: Open vSwitch checks each message as it is added and answers a bad one
 * with an error, but leaves the rest in the bundle, so committing blindly would apply a
 * partial change. Messages on a connection are handled in order, so once CLOSE is answered
 * every add error has arrived, and the decision is exact. A commit that fails leaves the
 * switch as it was (atomic flag).
 *
 * <p>xids: open = first, adds = first+1 .. first+n, close = first+n+1, commit/discard =
 * first+n+2 (an add carries the xid of its flow-mod, as the spec requires).
 */
final class BundleTransaction extends FlowChangeTransaction {
    private static final Set<OFBundleFlags> FLAGS = EnumSet.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED);

    private final BundleId bundleId;
    private long firstXid;
    private boolean finishing;

    BundleTransaction(SwitchConnection conn, FlowChanges changes, int bundleId) {
        super(conn, changes);
        this.bundleId = BundleId.of(bundleId);
    }

    /** Encodes and sends OPEN, the adds and CLOSE. Throws (sending nothing) if a flow cannot be encoded. */
    void start() {
        int n = flowCount();
        firstXid = conn.pending().register(this, n + 3);
        firstFlowModXid = firstXid + 1;
        MessageBatch batch = new MessageBatch(conn.alloc());
        try {
            batch.add(control(OFBundleCtrlType.OPEN_REQUEST, firstXid));
            addFlowMods(batch);
            batch.add(control(OFBundleCtrlType.CLOSE_REQUEST, closeXid()));
        } catch (RuntimeException e) {
            batch.release();
            conn.pending().remove(firstXid);
            throw e;
        }
        conn.send(batch);
    }

    @Override
    protected OFMessage wrap(OFMessage flowMod) {
        return conn.factory().buildBundleAddMsg()
                .setXid(flowMod.getXid())
                .setBundleId(bundleId)
                .setFlags(FLAGS)
                .setData(flowMod)
                .build();
    }

    @Override
    public boolean onReply(long xid, Object reply) {
        if (!(reply instanceof OFBundleCtrlMsg ctrl)) {
            return false;
        }
        switch (ctrl.getBundleCtrlType()) {
            case CLOSE_REPLY -> finish();
            case COMMIT_REPLY -> {
                succeed();
                return true;
            }
            case DISCARD_REPLY -> {
                fail(firstError);
                return true;
            }
            default -> {
            }
        }
        return false;
    }

    @Override
    public boolean onError(OpenFlowErrorException e) {
        recordError(e);
        if (e.xid() == finishXid()) {
            fail(firstError); // the commit failed (atomic: nothing applied) or the discard did
            return true;
        }
        if (e.xid() == closeXid()) {
            finish(); // not closable: discard it
        }
        return false;
    }

    private void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        OFBundleCtrlType type = firstError == null ? OFBundleCtrlType.COMMIT_REQUEST : OFBundleCtrlType.DISCARD_REQUEST;
        conn.send(control(type, finishXid()));
    }

    private OFMessage control(OFBundleCtrlType type, long xid) {
        return conn.factory().buildBundleCtrlMsg()
                .setXid(xid)
                .setBundleId(bundleId)
                .setBundleCtrlType(type)
                .setFlags(FLAGS)
                .build();
    }

    private long closeXid() {
        return firstXid + flowCount() + 1;
    }

    private long finishXid() {
        return firstXid + flowCount() + 2;
    }
}
