package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The trunk bridges ("VLAN aware VMs", seed 000) of the node being compiled, and how they are
 * joined to br-int, as Neutron's Open vSwitch trunk driver joins them but with no agent.
 *
 * <p>Muon manages {@code tbr-<trunk id>} on a node when a VIF is plugged in it (os-vif creates
 * the bridge and plugs the VM's parent port there), or when the trunk's parent port is bound
 * to the node (binding:host_id) and not plugged straight into br-int: then Muon creates the
 * bridge itself, so both orders of events work. Once the VM's interface is there, each port of
 * the trunk gets a patch pair whose br-int end carries its iface-id and attached-mac: from
 * there on it is an ordinary VIF (local VLAN tag, anti-spoofing, DHCP, L2 population), so
 * the parent and the subports are bound to the node and become ACTIVE through the same path as
 * any port. The trunk-bridge ends are tagged as Neutron tags them: none on {@code tpt-} (the
 * parent's traffic is untagged), the segmentation id on each {@code spt-}.
 *
 * <p>A {@code tbr-} bridge whose trunk is gone keeps only the VM's interface, with no Muon
 * port and no flow, until os-vif deletes it; one with no VIF left is deleted (ephemeral).
 */
final class TrunkWiring {
    private final NodeTopology topo;
    private final List<TrunkBridge> bridges;

    TrunkWiring(NodeTopology topo) {
        this.topo = topo;
        this.bridges = resolve();
    }

    List<TrunkBridge> bridges() {
        return bridges;
    }

    private List<TrunkBridge> resolve() {
        NetworkModel model = topo.model();
        NodeState self = topo.self();
        Map<String, Trunk> byBridge = new TreeMap<>();
        model.all(ResourceKind.TRUNK).values().stream()
                .sorted(Comparator.comparing(Trunk::id))
                .forEach(t -> byBridge.putIfAbsent(TrunkNames.bridge(t.id()), t));
        Set<String> names = new TreeSet<>(byBridge.keySet());
        self.bridges().stream().filter(TrunkNames::isTrunkBridge).forEach(names::add);

        List<TrunkBridge> out = new ArrayList<>();
        for (String name : names) {
            Optional<Trunk> trunk = Optional.ofNullable(byBridge.get(name));
            List<ObservedInterface> vifs = self.vifs(name);
            if (vifs.isEmpty() && !trunk.map(this::boundHere).orElse(false)) {
                continue;
            }
            Optional<ObservedInterface> vm = trunk.flatMap(t -> vifs.stream()
                    .filter(i -> t.portId().equals(i.ifaceId()) && i.hasOfport())
                    .findFirst());
            List<TrunkPatch> patches = vm.isPresent() ? patches(trunk.get(), model) : List.of();
            out.add(new TrunkBridge(name, trunk, vm, patches));
        }
        return List.copyOf(out);
    }

    /** The trunk's parent is bound to this node and its VM is not plugged straight into br-int. */
    private boolean boundHere(Trunk trunk) {
        Optional<Port> parent = topo.model().port(trunk.portId());
        if (parent.isEmpty() || !parent.get().bindingHostId().equals(topo.hostname())) {
            return false;
        }
        String tpi = TrunkNames.parentIntegrationSide(trunk.portId());
        return topo.self().vifs(Bridges.INTEGRATION).stream()
                .noneMatch(i -> trunk.portId().equals(i.ifaceId()) && !i.name().equals(tpi));
    }

    private static List<TrunkPatch> patches(Trunk trunk, NetworkModel model) {
        Optional<Port> parent = model.port(trunk.portId());
        if (parent.isEmpty()) {
            return List.of();
        }
        List<TrunkPatch> out = new ArrayList<>();
        out.add(TrunkPatch.parent(parent.get()));
        for (SubPort s : trunk.subPorts()) {
            model.port(s.portId()).ifPresent(p -> out.add(TrunkPatch.subport(p, s.segmentationId())));
        }
        return out;
    }
}
