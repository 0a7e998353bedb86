package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.normal;
import static dev.muon.pipeline.flow.Action.pushVlan;
import static dev.muon.pipeline.flow.Action.setVlanVid;
import static dev.muon.pipeline.flow.PipelineTable.INT_ARP_SPOOF;
import static dev.muon.pipeline.flow.PipelineTable.INT_CANARY;
import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;
import static dev.muon.pipeline.flow.PipelineTable.INT_MAC_SPOOF;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * br-int, as Neutron's br_int: VIF traffic goes through anti-spoofing (ARP and IPv6
 * neighbour advertisements in table 24, source MAC in table 25) and then the bridge's
 * NORMAL switching, with each VIF's access tag (its network's local VLAN) set through
 * OVSDB. Frames from a physical bridge are admitted only with the provider VLAN (or none,
 * for flat) of a network this node has ports on, translated to its local VLAN.
 */
final class IntegrationBridgeFlows {
    private final NodeTopology topo;
    private final CookieBook cookies;

    IntegrationBridgeFlows(NodeTopology topo, CookieBook cookies) {
        this.topo = topo;
        this.cookies = cookies;
    }

    List<Flow> compile() {
        List<Flow> flows = new ArrayList<>();
        long base = cookies.pipeline();
        flows.add(INT_LOCAL_SWITCHING.flow(65535).cookie(base).match(m -> m.vlan(Bridges.DEAD_VLAN)).drop());
        flows.add(INT_LOCAL_SWITCHING.flow(0).cookie(base).actions(normal()).build());
        flows.add(INT_CANARY.flow(0).cookie(base).drop());
        flows.add(INT_ARP_SPOOF.flow(0).cookie(base).drop());
        for (LocalPort lp : topo.localPorts()) {
            flows.addAll(portSecurity(lp));
        }
        flows.addAll(new DhcpFlows(topo, cookies).compile());
        for (PhysicalBridge pb : topo.physicalBridges()) {
            flows.addAll(fromPhysicalBridge(pb));
        }
        for (ObservedInterface vif : topo.unwiredVifs()) {
            deadPort(vif).ifPresent(flows::add);
        }
        return flows;
    }

    /** Neutron's provision_local_vlan on br-int: provider VLAN (untagged for flat) → local VLAN; the rest dropped. */
    private List<Flow> fromPhysicalBridge(PhysicalBridge pb) {
        Optional<Integer> port = topo.ofport(Bridges.INTEGRATION, pb.integrationPort());
        if (port.isEmpty()) {
            return List.of();
        }
        int in = port.get();
        List<Flow> flows = new ArrayList<>();
        flows.add(INT_LOCAL_SWITCHING.flow(2).cookie(cookies.pipeline()).match(m -> m.inPort(in)).drop());
        for (Map.Entry<Network, Integer> e : topo.localNetworksOn(pb).entrySet()) {
            Network net = e.getKey();
            FlowBuilder b = INT_LOCAL_SWITCHING.flow(3).cookie(cookies.network(net.id(), net.name()));
            if (net.networkType() == NetworkType.FLAT) {
                b.match(m -> m.inPort(in).untagged()).action(pushVlan());
            } else {
                b.match(m -> m.inPort(in).vlan(net.segmentationId()));
            }
            flows.add(b.actions(setVlanVid(e.getValue()), normal()).build());
        }
        return flows;
    }

    /**
     * A VIF Muon does not wire (unknown port, admin down, network not carried here) sits on
     * the dead VLAN; its frames are dropped outright too, as Neutron's port_dead does, since
     * NORMAL would otherwise switch them between dead VIFs.
     */
    private Optional<Flow> deadPort(ObservedInterface vif) {
        if (!vif.hasOfport()) {
            return Optional.empty();
        }
        String portName = topo.model().port(vif.ifaceId()).map(Port::name).orElse(vif.name());
        return Optional.of(INT_LOCAL_SWITCHING.flow(2).cookie(cookies.port(vif.ifaceId(), portName))
                .match(m -> m.inPort(vif.ofport())).drop());
    }

    private List<Flow> portSecurity(LocalPort lp) {
        Port port = lp.port();
        if (!port.portSecurityEnabled()) {
            return List.of();   // table 0's NORMAL applies, as with Neutron
        }
        long cookie = cookies.port(port.id(), port.name());
        int in = lp.ofport();
        List<Flow> flows = new ArrayList<>();
        PortAddresses.Allowed v6 = PortAddresses.ipv6(port);
        if (!v6.unrestricted()) {
            flows.add(INT_LOCAL_SWITCHING.flow(10).cookie(cookie)
                    .match(m -> neighbourAdvertisement(m, in)).actions(gotoTable(24)).build());
        }
        PortAddresses.Allowed v4 = PortAddresses.ipv4(port);
        if (!v4.unrestricted()) {
            flows.add(INT_LOCAL_SWITCHING.flow(10).cookie(cookie)
                    .match(m -> m.ethType(Match.ETH_TYPE_ARP).inPort(in)).actions(gotoTable(24)).build());
        }
        flows.add(INT_LOCAL_SWITCHING.flow(9).cookie(cookie)
                .match(m -> m.inPort(in)).actions(gotoTable(25)).build());
        for (String target : v6.prefixes()) {
            flows.add(INT_ARP_SPOOF.flow(2).cookie(cookie)
                    .match(m -> neighbourAdvertisement(m, in).ndTarget(target)).actions(normal()).build());
        }
        for (String ip : v4.prefixes()) {
            flows.add(INT_ARP_SPOOF.flow(2).cookie(cookie)
                    .match(m -> m.ethType(Match.ETH_TYPE_ARP).inPort(in).arpSpa(ip)).actions(gotoTable(25)).build());
        }
        for (String mac : PortAddresses.macs(port)) {
            flows.add(INT_MAC_SPOOF.flow(2).cookie(cookie)
                    .match(m -> m.inPort(in).ethSrc(mac)).actions(normal()).build());
        }
        return flows;
    }

    private static Match.Builder neighbourAdvertisement(Match.Builder m, int in) {
        return m.ethType(Match.ETH_TYPE_IPV6).ipProto(Match.IP_PROTO_ICMPV6).inPort(in)
                .icmpv6Type(Match.ICMPV6_NEIGHBOR_ADVERTISEMENT);
    }
}
