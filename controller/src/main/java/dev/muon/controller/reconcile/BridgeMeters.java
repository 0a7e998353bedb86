package dev.muon.controller.reconcile;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.MeterChanges;
import dev.muon.pipeline.flow.MeterDiff;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each bridge's meters what its desired state names, around the bridge's flow change:
 * meters a flow is about to use go on before the flows (a flow naming a missing meter is
 * refused), meters no flow uses any more come off after them (deleting a meter deletes the
 * flows still using it). What a switch holds is read from it (meter config stats) when Muon
 * first sees the connection, after a failed change, and every {@link #REREAD_NANOS} otherwise,
 * which repairs a meter changed by hand.
 */
final class BridgeMeters {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeMeters.class);
    private static final long TIMEOUT_S = 30;
    private static final long REREAD_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** The bridge's flow change, run between the meters it needs and those it frees. */
    @FunctionalInterface
    interface FlowSync {
        void run() throws Exception;
    }

    private record Held(List<Meter> meters, long readAt) {
    }

    /** Per switch connection: its meters as of Muon's last read or change. */
    private final Map<OpenFlowSwitch, Held> held = new ConcurrentHashMap<>();

    void around(String host, String bridge, OpenFlowSwitch sw, List<Meter> desired, FlowSync flows) throws Exception {
        held.keySet().removeIf(s -> !s.isConnected());
        Held known = held.remove(sw);   // unknown until this change has gone through
        long now = System.nanoTime();
        if (known == null || now - known.readAt() > REREAD_NANOS) {
            known = new Held(sw.dumpMeters().get(TIMEOUT_S, TimeUnit.SECONDS), now);
        }
        MeterChanges changes = MeterDiff.between(known.meters(), desired);
        sw.apply(changes.beforeFlows()).get(TIMEOUT_S, TimeUnit.SECONDS);
        flows.run();
        sw.apply(changes.afterFlows()).get(TIMEOUT_S, TimeUnit.SECONDS);
        if (!changes.isEmpty()) {
            LOG.info("node {} {}: meters {} added, {} modified, {} removed", host, bridge, changes.adds().size(),
                    changes.modifies().size(), changes.deletes().size());
        }
        held.put(sw, new Held(List.copyOf(desired), known.readAt()));
    }
}
