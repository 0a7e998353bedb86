package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.normal;
import static dev.muon.pipeline.flow.PipelineTable.INT_ARP_SPOOF;
import static dev.muon.pipeline.flow.PipelineTable.INT_CANARY;
import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;
import static dev.muon.pipeline.flow.PipelineTable.INT_MAC_SPOOF;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Port;
import java.util.ArrayList;
import java.util.List;

/**
 * br-int, as Neutron's br_int: VIF traffic goes through anti-spoofing (ARP in table 24,
 * source MAC in table 25) and then the bridge's NORMAL switching, with each VIF's access
 * tag (its network's local VLAN) set through OVSDB.
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
        return flows;
    }

    private List<Flow> portSecurity(LocalPort lp) {
        Port port = lp.port();
        if (!port.portSecurityEnabled()) {
            return List.of();   // table 0's NORMAL applies, as with Neutron
        }
        long cookie = cookies.port(port.id(), port.name());
        int in = lp.ofport();
        List<Flow> flows = new ArrayList<>();
        flows.add(INT_LOCAL_SWITCHING.flow(10).cookie(cookie)
                .match(m -> m.ethType(Match.ETH_TYPE_ARP).inPort(in)).actions(gotoTable(24)).build());
        flows.add(INT_LOCAL_SWITCHING.flow(9).cookie(cookie)
                .match(m -> m.inPort(in)).actions(gotoTable(25)).build());
        for (String ip : senderAddresses(port)) {
            flows.add(INT_ARP_SPOOF.flow(2).cookie(cookie)
                    .match(m -> m.ethType(Match.ETH_TYPE_ARP).inPort(in).arpSpa(ip)).actions(gotoTable(25)).build());
        }
        for (String mac : senderMacs(port)) {
            flows.add(INT_MAC_SPOOF.flow(2).cookie(cookie)
                    .match(m -> m.inPort(in).ethSrc(mac)).actions(normal()).build());
        }
        return flows;
    }

    private static List<String> senderAddresses(Port port) {
        List<String> ips = new ArrayList<>();
        for (FixedIp ip : port.fixedIps()) {
            if (!ip.ipAddress().contains(":")) {
                ips.add(ip.ipAddress());
            }
        }
        port.allowedAddressPairs().forEach(p -> {
            if (!p.ipAddress().contains(":") && !ips.contains(p.ipAddress())) {
                ips.add(p.ipAddress());
            }
        });
        return ips;
    }

    private static List<String> senderMacs(Port port) {
        List<String> macs = new ArrayList<>();
        macs.add(port.macAddress().toLowerCase());
        port.allowedAddressPairs().forEach(p -> {
            if (p.macAddress() != null && !macs.contains(p.macAddress().toLowerCase())) {
                macs.add(p.macAddress().toLowerCase());
            }
        });
        return macs;
    }
}
