package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.MeterChanges;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;

/**
 * One connected OpenFlow switch (one bridge). Methods may be called from any thread; the
 * futures complete on a driver thread that is neither a network thread nor the listener's
 * event thread, so blocking on one inside a {@link SwitchListener} callback is safe.
 * After a disconnect, pending and new requests fail with {@link SwitchDisconnectedException}.
 */
public interface OpenFlowSwitch {

    long datapathId();

    boolean isConnected();

    /**
     * The TLS session the switch connected with (its peer certificate names the node); empty
     * over plain TCP, which carries no identity.
     */
    default Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    /** Where the switch connected from, for logs. */
    default String remoteAddress() {
        return "unknown";
    }

    /**
     * Every flow of every table, multipart replies reassembled. Flows the driver cannot
     * represent exactly come back in a form that equals no flow Muon computes and that
     * {@link #apply} can still delete (see {@link MatchConverter} and {@link ActionConverter}).
     */
    CompletableFuture<List<Flow>> dumpFlows();

    /**
     * Sends the changes as one atomic, ordered bundle (OpenFlow 1.4; deletes first, then
     * upserts) and completes when the switch acknowledges the commit. Fails with
     * {@link OpenFlowErrorException} if the switch rejects anything, in which case nothing
     * was applied. On an OpenFlow 1.3 switch the same messages go as plain flow-mods
     * followed by a barrier, which is not atomic. Empty changes complete at once.
     */
    CompletableFuture<Void> apply(FlowChanges changes);

    /**
     * Every meter of the bridge (a meter config stats request). One the driver cannot
     * represent (kbps, other bands) comes back with an impossible rate, so it equals no meter
     * Muon computes and is modified or deleted.
     */
    CompletableFuture<List<Meter>> dumpMeters();

    /**
     * Sends meter-mods (deletes, adds, modifies, in that order) and a barrier; completes when
     * the barrier is answered, or fails with the first {@link OpenFlowErrorException}. Not
     * atomic (Open vSwitch takes no meter-mod in a bundle). Empty changes complete at once.
     */
    CompletableFuture<Void> apply(MeterChanges changes);

    /**
     * Sends a packet out through the given actions (no {@code GotoTable}; use
     * {@code Output(OpenFlowPorts.TABLE)} to run it through the flow table). Fire and forget:
     * dropped if the switch is not connected; a rejection by the switch is only logged.
     *
     * @param inPort the port the packet is considered to come from, typically
     *               {@link OpenFlowPorts#CONTROLLER}
     */
    void packetOut(int inPort, List<Action> actions, byte[] data);

    /**
     * Asks the switch for {@code role} on this connection (OFPT_ROLE_REQUEST); completes when the
     * switch grants it, fails with {@link OpenFlowErrorException} when it refuses (a generation id
     * lower than one it has seen: a stale master). Until a controller asks, its role is equal.
     */
    default CompletableFuture<Void> requestRole(ControllerRole role, long generationId) {
        return CompletableFuture.completedFuture(null);
    }
}
