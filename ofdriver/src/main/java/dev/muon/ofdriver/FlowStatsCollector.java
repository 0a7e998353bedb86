package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** A dump of every flow in every table: one request, replies gathered until the last part. */
final class FlowStatsCollector implements PendingRequest {
    private final SwitchConnection conn;
    private final CompletableFuture<List<Flow>> future = new CompletableFuture<>();
    private final List<Flow> flows = new ArrayList<>();

    FlowStatsCollector(SwitchConnection conn) {
        this.conn = conn;
    }

    CompletableFuture<List<Flow>> future() {
        return future;
    }

    void start() {
        long xid = conn.pending().register(this, 1);
        OFFlowStatsRequest request = conn.factory().buildFlowStatsRequest()
                .setXid(xid)
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.ZERO)
                .setCookieMask(U64.ZERO)
                .setMatch(conn.factory().matchWildcardAll())
                .build();
        conn.send(request);
    }

    @Override
    public boolean onReply(long xid, Object reply) {
        if (!(reply instanceof FlowStatsChunk chunk)) {
            return false;
        }
        flows.addAll(chunk.flows());
        if (chunk.more()) {
            return false;
        }
        conn.complete(future, List.copyOf(flows));
        return true;
    }

    @Override
    public boolean onError(OpenFlowErrorException e) {
        conn.fail(future, e.withMessage(String.format("switch %016x: flow dump failed: %s", conn.datapathId(), e.getMessage())));
        return true;
    }

    @Override
    public void onDisconnect(SwitchDisconnectedException e) {
        conn.fail(future, e);
    }
}
