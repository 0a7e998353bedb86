package dev.muon.controller;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.MeterChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A switch for the packet-in services' tests (DHCP, ICMP, ARP): connected, it only takes
 * packet-outs and records them (or, for a timing loop, only counts them); anything else is refused.
 */
public final class RecordingSwitch implements OpenFlowSwitch {

    /** One packet-out: where it claims to come from, its actions, its frame. */
    public record PacketOut(int inPort, List<Action> actions, byte[] data) {
    }

    public final List<PacketOut> sent = new ArrayList<>();
    private final long dpid;
    private final boolean keep;
    private long count;

    public RecordingSwitch(long dpid) {
        this(dpid, true);
    }

    private RecordingSwitch(long dpid, boolean keep) {
        this.dpid = dpid;
        this.keep = keep;
    }

    /** One that counts packet-outs with a frame and keeps nothing. */
    public static RecordingSwitch counting(long dpid) {
        return new RecordingSwitch(dpid, false);
    }

    /** Packet-outs with a frame so far. */
    public long count() {
        return count;
    }

    @Override
    public long datapathId() {
        return dpid;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public CompletableFuture<List<Flow>> dumpFlows() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> apply(FlowChanges changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<List<Meter>> dumpMeters() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> apply(MeterChanges changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void packetOut(int inPort, List<Action> actions, byte[] data) {
        count += data.length > 0 ? 1 : 0;
        if (keep) {
            sent.add(new PacketOut(inPort, actions, data));
        }
    }
}
