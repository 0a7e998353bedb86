package dev.muon.northbound;

import dev.muon.pipeline.model.Network;

import java.util.List;

/** A network as the API shows it: the model record plus what Neutron derives (its subnets' ids). */
public record NetworkView(Network network, List<String> subnetIds, List<String> availabilityZones) {
    public NetworkView {
        subnetIds = List.copyOf(subnetIds);
        availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    }

    /** In no availability zone. */
    public NetworkView(Network network, List<String> subnetIds) {
        this(network, subnetIds, List.of());
    }
}
