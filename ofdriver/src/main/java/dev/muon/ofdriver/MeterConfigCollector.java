package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;

/** A dump of every meter of a bridge: one meter config request, replies gathered until the last part. */
final class MeterConfigCollector implements PendingRequest {
    /** OFPM_ALL */
    private static final long ALL_METERS = 0xffffffffL;

    private final SwitchConnection conn;
    private final CompletableFuture<List<Meter>> future = new CompletableFuture<>();
    private final List<Meter> meters = new ArrayList<>();

    MeterConfigCollector(SwitchConnection conn) {
        this.conn = conn;
    }

    CompletableFuture<List<Meter>> future() {
        return future;
    }

    void start() {
        long xid = conn.pending().register(this, 1);
        conn.send(conn.factory().buildMeterConfigStatsRequest().setXid(xid).setMeterId(ALL_METERS).build());
    }

    @Override
    public boolean onReply(long xid, Object reply) {
        if (!(reply instanceof OFMeterConfigStatsReply part)) {
            return false;
        }
        for (OFMeterConfig c : part.getEntries()) {
            meters.add(MeterMods.decode(c));
        }
        if (part.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
            return false;
        }
        conn.complete(future, List.copyOf(meters));
        return true;
    }

    @Override
    public boolean onError(OpenFlowErrorException e) {
        conn.fail(future, e.withMessage(String.format("switch %016x: meter dump failed: %s", conn.datapathId(), e.getMessage())));
        return true;
    }

    @Override
    public void onDisconnect(SwitchDisconnectedException e) {
        conn.fail(future, e);
    }
}
