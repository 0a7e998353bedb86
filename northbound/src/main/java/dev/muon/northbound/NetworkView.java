package dev.muon.northbound;

import dev.muon.pipeline.model.Network;

import java.util.List;

/**
 * A network as the API shows it: the model record plus what Neutron derives (its subnets' ids,
 * the address scopes of its subnets' pools per IP version, null when none).
 */
public record NetworkView(Network network, List<String> subnetIds, String ipv4AddressScope,
                          String ipv6AddressScope) {
    public NetworkView {
        subnetIds = List.copyOf(subnetIds);
    }

    public NetworkView(Network network, List<String> subnetIds) {
        this(network, subnetIds, null, null);
    }
}
