package dev.muon.pipeline.node;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node as OVSDB shows it: its declared config, its bridges and interfaces.
 * {@code config} is null for an OVS that connected without declaring a hostname.
 */
public record NodeState(String connectionId, NodeConfig config, Set<String> bridges,
                        List<ObservedInterface> interfaces) {

    public NodeState {
        bridges = Set.copyOf(bridges);
        interfaces = List.copyOf(interfaces);
    }

    public String hostname() {
        return config == null ? null : config.hostname();
    }

    public Optional<ObservedInterface> iface(String bridge, String name) {
        return interfaces.stream()
                .filter(i -> i.bridge().equals(bridge) && i.name().equals(name))
                .findFirst();
    }

    public Optional<Integer> ofport(String bridge, String name) {
        return iface(bridge, name).filter(ObservedInterface::hasOfport).map(ObservedInterface::ofport);
    }

    /** VIFs plugged on {@code bridge}: interfaces that carry an iface-id. */
    public List<ObservedInterface> vifs(String bridge) {
        return interfaces.stream()
                .filter(i -> i.bridge().equals(bridge) && i.ifaceId() != null)
                .toList();
    }
}
