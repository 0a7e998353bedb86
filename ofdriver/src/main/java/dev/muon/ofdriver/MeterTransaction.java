package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.MeterChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;

/**
 * Meter-mods, then a barrier: by the barrier's answer every error has arrived. Open vSwitch
 * takes no meter-mod inside a bundle, so unlike flows this is not atomic; the reconciler
 * reads the meters back after a failure.
 */
final class MeterTransaction implements PendingRequest {
    private record Mod(OFMeterModCommand command, Meter meter) {
    }

    private final SwitchConnection conn;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private final List<Mod> mods = new ArrayList<>();
    private long firstXid;
    private long barrierXid;
    private OpenFlowErrorException firstError;

    MeterTransaction(SwitchConnection conn, MeterChanges changes) {
        this.conn = conn;
        changes.deletes().forEach(m -> mods.add(new Mod(OFMeterModCommand.DELETE, m)));
        changes.adds().forEach(m -> mods.add(new Mod(OFMeterModCommand.ADD, m)));
        changes.modifies().forEach(m -> mods.add(new Mod(OFMeterModCommand.MODIFY, m)));
    }

    CompletableFuture<Void> future() {
        return future;
    }

    void start() {
        firstXid = conn.pending().register(this, mods.size() + 1);
        barrierXid = firstXid + mods.size();
        MessageBatch batch = new MessageBatch(conn.alloc());
        try {
            for (int i = 0; i < mods.size(); i++) {
                batch.add(MeterMods.encode(conn.factory(), mods.get(i).command(), mods.get(i).meter(), firstXid + i));
            }
            batch.add(conn.factory().buildBarrierRequest().setXid(barrierXid).build());
        } catch (RuntimeException e) {
            batch.release();
            conn.pending().remove(firstXid);
            throw e;
        }
        conn.send(batch);
    }

    @Override
    public boolean onReply(long xid, Object reply) {
        if (xid != barrierXid || !(reply instanceof OFBarrierReply)) {
            return false;
        }
        if (firstError == null) {
            conn.complete(future, null);
        } else {
            conn.fail(future, firstError);
        }
        return true;
    }

    @Override
    public boolean onError(OpenFlowErrorException e) {
        if (firstError == null) {
            long i = e.xid() - firstXid;
            String what = i >= 0 && i < mods.size()
                    ? mods.get((int) i).command().name().toLowerCase() + " of [" + mods.get((int) i).meter().toOfctl() + "]"
                    : "meter change";
            firstError = e.withMessage(String.format("switch %016x rejected %s: %s", conn.datapathId(), what,
                    e.getMessage()));
        }
        if (e.xid() == barrierXid) {
            conn.fail(future, firstError);
            return true;
        }
        return false;
    }

    @Override
    public void onDisconnect(SwitchDisconnectedException e) {
        conn.fail(future, firstError != null ? firstError : e);
    }
}
