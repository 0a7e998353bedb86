package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;

/**
 * A router's uplink as one node sees it: the external network and the gateway port's IPv4
 * address and MAC (the router's side, Neutron's qg), whether it source-NATs, which node serves
 * it (the gateway port's binding, placed by the controller on a network node), the upstream
 * router's MAC once resolved, and, where this node maps the external network, its local VLAN and
 * the physical bridge it leaves by.
 *
 * @param snatHost    the node serving SNAT and the gateway address, or null while none is placed
 * @param upstreamMac the external subnet's gateway MAC, or null while unresolved
 * @param bridge      the physical bridge of the external network on this node, or null
 * @param localVlan   the external network's local VLAN on this node, or null
 */
record ExternalGateway(Network network, String subnetId, String ip, Ipv4Prefix subnet, String upstreamIp,
                       String mac, boolean snat, String snatHost, String upstreamMac, PhysicalBridge bridge,
                       Integer localVlan) {

    /** Whether this node can put frames on the external network (it maps it and has its local VLAN). */
    boolean reachable() {
        return bridge != null && localVlan != null;
    }

    /** Whether traffic can leave here: reachable and the upstream MAC known. */
    boolean canLeave() {
        return reachable() && upstreamMac != null;
    }

    /** The external network's VLAN on the wire, or null for a flat network. */
    Integer wireVlan() {
        return network.networkType() == NetworkType.FLAT ? null : network.segmentationId();
    }

    /** The router's conntrack zone: above every local VLAN (the firewall's zones), one per router. */
    static int zone(int routerNumber) {
        return 4096 + routerNumber;
    }
}
