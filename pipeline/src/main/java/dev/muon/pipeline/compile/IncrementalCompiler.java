package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The compiler with a memory: a node whose inputs did not change in a way that can reach it keeps
 * the desired state it has (the very same object, so the reconciler need not diff it either). Its
 * own node state, the other nodes' configs and the allocations must be equal; of the model, only
 * plain VM ports may have changed, and none in the node's {@link NodeScope}. Anything it cannot
 * place recompiles the node; the result is always what {@link PipelineCompiler#compile} gives (a
 * property test drives random change sequences through both).
 *
 * <p>Nodes may be compiled concurrently, each by one thread at a time.
 */
public final class IncrementalCompiler {

    private record Compiled(CompileInput input, Map<String, NodeConfig> configs, DesiredState desired,
                            NodeScope scope, FragmentMemo memo) {
    }

    /** Every node's config for one nodes map: equal configs keep one instance, so nodes compare them by identity. */
    private record Configs(Map<String, NodeState> nodes, Map<String, NodeConfig> configs) {
    }

    /** A pair of snapshots and what changed between them: every node of a pass asks for the same pair. */
    private record ChangeBetween(NetworkModel before, NetworkModel after, ModelChange change) {
    }

    private final Map<String, Compiled> last = new ConcurrentHashMap<>();
    private volatile ChangeBetween lastChange;
    private volatile Configs lastConfigs;
    private final AtomicLong compiled = new AtomicLong();
    private final AtomicLong kept = new AtomicLong();

    public DesiredState compile(CompileInput in) {
        String host = in.hostname();
        Compiled prev = last.get(host);
        Map<String, NodeConfig> configs = configs(in.nodes());
        if (prev != null && sameSurroundings(prev, in, configs) && unreached(prev, in.model())) {
            last.put(host, new Compiled(in, configs, prev.desired(), prev.scope(), prev.memo()));
            kept.incrementAndGet();
            return prev.desired();
        }
        // a node that does recompile still reuses the flows of each port whose inputs did not change
        FragmentMemo memo = prev == null ? FragmentMemo.empty() : prev.memo().next();
        DesiredState desired = PipelineCompiler.compile(in, memo);
        last.put(host, new Compiled(in, configs, desired, NodeScope.of(in.model(), in.node()), memo));
        compiled.incrementAndGet();
        return desired;
    }

    /** Forgets every node but these (nodes gone for good). */
    public void retain(Set<String> hosts) {
        last.keySet().retainAll(hosts);
    }

    /** Nodes compiled and nodes kept as they were, since this compiler was made. */
    public long compiledCount() {
        return compiled.get();
    }

    public long keptCount() {
        return kept.get();
    }

    private static boolean sameSurroundings(Compiled prev, CompileInput in, Map<String, NodeConfig> configs) {
        CompileInput p = prev.input();
        return (p.node() == in.node() || p.node().equals(in.node()))
                && prev.configs() == configs
                && p.localVlans().equals(in.localVlans())
                && Objects.equals(p.controllerTarget(), in.controllerTarget())
                && p.dvrMacs().equals(in.dvrMacs())
                && p.routerNumbers().equals(in.routerNumbers())
                && p.upstreamMacs().equals(in.upstreamMacs())
                && p.dhcpMeter().equals(in.dhcpMeter());
    }

    private boolean unreached(Compiled prev, NetworkModel now) {
        ModelChange change = changeBetween(prev.input().model(), now);
        return change.placeable() && change.ports().stream().noneMatch(prev.scope()::touchedBy);
    }

    private ModelChange changeBetween(NetworkModel before, NetworkModel after) {
        ChangeBetween c = lastChange;
        if (c != null && c.before() == before && c.after() == after) {
            return c.change();
        }
        ModelChange change = ModelChange.between(before, after);
        lastChange = new ChangeBetween(before, after, change);
        return change;
    }

    /**
     * The nodes as a compile sees the others: only their configs (tunnels, floating IP placement). One
     * instance per distinct content, so that each node of a pass compares it by identity.
     */
    private Map<String, NodeConfig> configs(Map<String, NodeState> nodes) {
        Configs c = lastConfigs;
        if (c != null && c.nodes() == nodes) {
            return c.configs();
        }
        Map<String, NodeConfig> fresh = new HashMap<>();
        nodes.forEach((host, state) -> fresh.put(host, state.config()));
        Map<String, NodeConfig> out = c != null && c.configs().equals(fresh) ? c.configs() : fresh;
        lastConfigs = new Configs(nodes, out);
        return out;
    }
}
