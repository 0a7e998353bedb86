package dev.muon.pipeline.compile;

/**
 * An address a node answers for on an external network (a router gateway it serves SNAT for, a
 * floating IP it serves), as the controller needs it to resolve the upstream router's MAC from
 * that node and to announce the address by gratuitous ARP when it arrives there.
 *
 * @param subnetId        the external subnet
 * @param upstreamIp      that subnet's gateway (the upstream router), or null when it has none
 * @param integrationPort the ofport on br-int of the patch to the external network's bridge
 * @param localVlan       the external network's local VLAN on the node (frames to that patch carry it)
 */
public record ExternalAddress(String ip, String mac, String subnetId, String upstreamIp, int integrationPort,
                              int localVlan) {
}
