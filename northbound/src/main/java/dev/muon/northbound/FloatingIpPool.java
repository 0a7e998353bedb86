package dev.muon.northbound;

/**
 * One entry of Neutron's floatingip-pools: an IPv4 subnet of an external network, from which
 * floating IPs may be created ({@code subnet_id} in a floating IP create). {@code projectId} is
 * the caller's project, as Neutron shows it.
 */
public record FloatingIpPool(String subnetId, String subnetName, String networkId, String cidr, String projectId) {
}
