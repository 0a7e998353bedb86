package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Sending one {@link FlowChanges} to a switch: deletes first, then upserts, each flow-mod
 * with its own xid so an error names the flow that caused it. Subclasses frame the
 * flow-mods (bundle, or barrier) and decide when the change is done.
 */
abstract class FlowChangeTransaction implements PendingRequest {
    protected final SwitchConnection conn;
    protected final CompletableFuture<Void> future = new CompletableFuture<>();
    private final List<Flow> flows;
    private final int deletes;
    /** xid of the first flow-mod; the others follow. */
    protected long firstFlowModXid;
    protected OpenFlowErrorException firstError;

    FlowChangeTransaction(SwitchConnection conn, FlowChanges changes) {
        this.conn = conn;
        this.flows = new ArrayList<>(changes.size());
        this.flows.addAll(changes.deletes());
        this.flows.addAll(changes.upserts());
        this.deletes = changes.deletes().size();
    }

    CompletableFuture<Void> future() {
        return future;
    }

    int flowCount() {
        return flows.size();
    }

    /** Encodes every flow-mod into {@code batch}, each wrapped as the subclass needs. */
    protected void addFlowMods(MessageBatch batch) {
        FlowModEncoder enc = conn.flowModEncoder();
        for (int i = 0; i < flows.size(); i++) {
            long xid = firstFlowModXid + i;
            OFMessage mod = i < deletes ? enc.deleteStrict(flows.get(i), xid) : enc.add(flows.get(i), xid);
            batch.add(wrap(mod));
        }
    }

    /** The message that carries one flow-mod (the flow-mod itself, or a bundle-add). */
    protected abstract OFMessage wrap(OFMessage flowMod);

    /** Keeps the first error, naming the flow if the error is about one. */
    protected void recordError(OpenFlowErrorException e) {
        if (firstError != null) {
            return;
        }
        long i = e.xid() - firstFlowModXid;
        if (i >= 0 && i < flows.size()) {
            String op = i < deletes ? "delete" : "add";
            firstError = e.withMessage(String.format("switch %016x rejected %s of flow [%s]: %s",
                    conn.datapathId(), op, flows.get((int) i).toOfctl(), e.getMessage()));
        } else {
            firstError = e.withMessage(String.format("switch %016x: %s", conn.datapathId(), e.getMessage()));
        }
    }

    protected void succeed() {
        conn.complete(future, null);
    }

    protected void fail(Throwable t) {
        conn.fail(future, t);
    }

    @Override
    public void onDisconnect(SwitchDisconnectedException e) {
        fail(firstError != null ? firstError : e);
    }
}
