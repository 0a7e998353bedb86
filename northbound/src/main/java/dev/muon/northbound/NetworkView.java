package dev.muon.northbound;

import dev.muon.pipeline.model.Network;

import java.util.List;

/**
 * A network as the API shows it: the model record plus what Neutron derives (its subnets' ids,
 * the address scopes of its subnets' pools per IP version, null when none, and the availability
 * zones it is served in).
 */
public record NetworkView(Network network, List<String> subnetIds, String ipv4AddressScope,
                          String ipv6AddressScope, List<String> availabilityZones) {
    public NetworkView {
        subnetIds = List.copyOf(subnetIds);
        availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    }

    /** In no address scope and no availability zone. */
    public NetworkView(Network network, List<String> subnetIds) {
        this(network, subnetIds, null, null, List.of());
    }

    /** In no availability zone. */
    public NetworkView(Network network, List<String> subnetIds, String ipv4AddressScope, String ipv6AddressScope) {
        this(network, subnetIds, ipv4AddressScope, ipv6AddressScope, List.of());
    }

    /** This view, served in {@code zones}. */
    public NetworkView inZones(List<String> zones) {
        return new NetworkView(network, subnetIds, ipv4AddressScope, ipv6AddressScope, zones);
    }
}
