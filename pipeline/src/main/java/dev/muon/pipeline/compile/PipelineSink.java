package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.DuplicateFlowException;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.PipelineTable.BridgeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the modules put what they compute for a node (flows and meters, bridges and ports, port tags,
 * how each port is wired), checked on the way in: a flow goes
 * only onto a bridge Muon programs and into a table the catalogue declares for that kind of
 * bridge; two flows with one key (table, priority, match) on one bridge fail the compile,
 * whichever modules wrote them; a meter id means one meter on its bridge; a port gets one access tag.
 */
final class PipelineSink {
    private final Map<String, BridgeKind> bridges;
    private final Map<String, List<Flow>> flows = new LinkedHashMap<>();
    private final Map<String, Map<Flow.Key, Flow>> keys = new HashMap<>();
    private final Map<String, Map<Long, Meter>> meters = new LinkedHashMap<>();
    private final Map<String, Integer> tags = new LinkedHashMap<>();
    private final Map<String, PortWiring> wiring = new LinkedHashMap<>();
    private final Map<String, BridgeSpec> bridgeSpecs = new LinkedHashMap<>();
    private final Map<String, List<PortSpec>> ports = new LinkedHashMap<>();

    PipelineSink(Map<String, BridgeKind> bridges) {
        this.bridges = bridges;
        bridges.keySet().forEach(b -> flows.put(b, new ArrayList<>()));
    }

    void add(String bridge, Flow flow) {
        BridgeKind kind = bridges.get(bridge);
        if (kind == null) {
            throw new IllegalArgumentException("flow for " + bridge + ", which Muon does not own here: "
                    + flow.toOfctl());
        }
        PipelineTable.byNumber(kind, flow.table());   // refuses br-tun's table 20 on br-int, and the like
        Flow before = keys.computeIfAbsent(bridge, b -> new HashMap<>()).putIfAbsent(flow.key(), flow);
        if (before != null) {
            throw new DuplicateFlowException(bridge, before, flow);
        }
        flows.get(bridge).add(flow);
    }

    /**
     * A flow several items of the model may each ask for (one router interface MAC holding two
     * addresses): kept once; a different flow with its key is still refused.
     */
    void addShared(String bridge, Flow flow) {
        Flow before = keys.getOrDefault(bridge, Map.of()).get(flow.key());
        if (before == null || !before.equals(flow)) {
            add(bridge, flow);
        }
    }

    /** A meter a flow of {@code bridge} uses (see {@link dev.muon.pipeline.flow.Action.UseMeter}). */
    void meter(String bridge, Meter meter) {
        if (!bridges.containsKey(bridge)) {
            throw new IllegalArgumentException("meter for " + bridge + ", which Muon does not own here: " + meter.toOfctl());
        }
        Meter before = meters.computeIfAbsent(bridge, b -> new LinkedHashMap<>()).putIfAbsent(meter.id(), meter);
        if (before != null && !before.equals(meter)) {
            throw new IllegalStateException("meter " + meter.id() + " on " + bridge + " both " + before.toOfctl()
                    + " and " + meter.toOfctl());
        }
    }

    void addAll(String bridge, List<Flow> fs) {
        fs.forEach(f -> add(bridge, f));
    }

    /** A bridge Muon owns (OVSDB); its ports come from {@link #port}. */
    void bridge(BridgeSpec spec) {
        if (bridgeSpecs.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("bridge " + spec.name() + " declared twice");
        }
        ports.put(spec.name(), new ArrayList<>());
    }

    /** A port Muon owns (a patch port, a tunnel) on a bridge declared before. */
    void port(String bridge, PortSpec spec) {
        List<PortSpec> on = ports.get(bridge);
        if (on == null) {
            throw new IllegalArgumentException("port " + spec.name() + " on " + bridge + ", which no module declared");
        }
        if (on.stream().anyMatch(p -> p.name().equals(spec.name()))) {
            throw new IllegalStateException("port " + spec.name() + " on " + bridge + " declared twice");
        }
        on.add(spec);
    }

    /** The bridges with their ports, in the order they were declared. */
    List<BridgeSpec> bridges() {
        List<BridgeSpec> out = new ArrayList<>();
        bridgeSpecs.forEach((name, b) -> out.add(new BridgeSpec(name, b.datapathType(), b.datapathId(), b.failMode(),
                b.protocols(), b.controllerTarget(), ports.get(name), b.ephemeral())));
        return out;
    }

    /** The OVSDB access tag of a port on br-int (a VIF's local VLAN, or the dead VLAN). */
    void tag(String port, int vlan) {
        Integer before = tags.putIfAbsent(port, vlan);
        if (before != null && before != vlan) {
            throw new IllegalStateException("port " + port + " tagged both " + before + " and " + vlan);
        }
    }

    /** Tags a port only if no module has (a trunk patch waits on the dead VLAN until wired). */
    void tagIfUntagged(String port, int vlan) {
        tags.putIfAbsent(port, vlan);
    }

    /** How a port's VIF is wired; a wired VIF wins over a dead one of the same port (a stale second plug). */
    void wire(PortWiring w) {
        wiring.merge(w.portId(), w, (before, now) -> before.isWired() ? before : now);
    }

    Map<String, PortWiring> wiring() {
        return wiring;
    }

    Map<String, List<Flow>> flows() {
        return flows;
    }

    Map<String, List<Meter>> meters() {
        Map<String, List<Meter>> out = new LinkedHashMap<>();
        meters.forEach((bridge, byId) -> out.put(bridge, List.copyOf(byId.values())));
        return out;
    }

    Map<String, Integer> tags() {
        return tags;
    }
}
