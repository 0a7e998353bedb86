package dev.muon.northbound;

import java.util.Optional;

/**
 * What operators can ask the controller beyond Neutron's API, as plain text: the nodes it
 * knows, and a node's flows explained (the logical object behind each cookie) with the
 * difference between what the node should hold and what its switches hold.
 */
public interface OperatorView {
    String nodes();

    /** Empty when the node is unknown; {@code bridge} null means every bridge. */
    Optional<String> flows(String node, String bridge);

    /**
     * A packet (ovs-ofctl flow syntax, in_port by name or number) run through the node's
     * computed flows from {@code bridge}; empty when the node is unknown.
     *
     * @throws IllegalArgumentException when the packet cannot be read
     */
    Optional<String> trace(String node, String bridge, String packet);
}
