package dev.muon.controller.store;

import java.util.Objects;

/**
 * One number allocated to {@code item} from the pool of {@code kind} on {@code node}: for example
 * local VLAN 3 to a network on node1.
 */
public record NodeAllocation(String kind, String node, String item, long number) {
    public NodeAllocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(item, "item");
    }
}
