package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.PipelineTable.BridgeKind;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.node.NodeConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every module compiles from: the node's view of the model, the routers it routes for,
 * what it serves on external networks, its trunk bridges, the cookie book that names each flow's
 * owner, the rate each VIF's DHCP may reach the controller at, and the node's per-port flows from
 * its last compile ({@link FragmentMemo}; empty for a full compile).
 */
record CompileContext(NodeTopology topo, NodeRouters routers, NodeExternal external, TrunkWiring trunks,
                      CookieBook cookies, String defaultControllerTarget, DhcpMeter dhcpMeter, FragmentMemo memo) {

    /**
     * The bridge {@code name} as Muon owns it on this node: its datapath type, a datapath id
     * derived from hostname and bridge (so an OpenFlow connection names its bridge), secure
     * fail mode, OpenFlow 1.3/1.4, and the node's controller target.
     */
    BridgeSpec bridge(String name, boolean ephemeral) {
        NodeConfig cfg = topo.self().config();
        String target = cfg.openflowTarget() != null ? cfg.openflowTarget() : defaultControllerTarget;
        return new BridgeSpec(name, cfg.datapathType(), DatapathIds.hex(DatapathIds.of(cfg.hostname(), name)),
                Bridges.FAIL_MODE, Bridges.PROTOCOLS, target, java.util.List.of(), ephemeral);
    }

    /**
     * Every bridge whose flows Muon owns on this node, with its kind: br-int, br-tun, each
     * mapped physical bridge, each trunk bridge. One that is not {@link #programs programmed}
     * holds no Muon flow (so any left over is removed).
     */
    Map<String, BridgeKind> ownedBridges() {
        Map<String, BridgeKind> out = new LinkedHashMap<>();
        out.put(Bridges.INTEGRATION, BridgeKind.INTEGRATION);
        out.put(Bridges.TUNNEL, BridgeKind.TUNNEL);
        topo.physicalBridges().forEach(pb -> out.put(pb.bridge(), BridgeKind.PHYSICAL));
        trunks.bridges().forEach(tb -> out.put(tb.name(), BridgeKind.TRUNK));
        return out;
    }

    /**
     * Whether Muon puts flows on {@code bridge}: br-tun only once its patch port exists
     * (nothing can flow before); a trunk bridge only while its trunk exists.
     */
    boolean programs(String bridge) {
        if (bridge.equals(Bridges.TUNNEL)) {
            return topo.ofport(Bridges.TUNNEL, Bridges.PATCH_INT).isPresent();
        }
        for (TrunkBridge tb : trunks.bridges()) {
            if (tb.name().equals(bridge)) {
                return tb.trunk().isPresent();
            }
        }
        return ownedBridges().containsKey(bridge);
    }

    /**
     * The VXLAN networks with ports on this node, each with its local VLAN: what br-tun carries.
     * None while br-tun is not programmed.
     */
    Map<Network, Integer> tunnelledNetworks() {
        Map<Network, Integer> out = new LinkedHashMap<>();
        if (programs(Bridges.TUNNEL)) {
            topo.localNetworks().forEach((net, vlan) -> {
                if (net.networkType() == NetworkType.VXLAN) {
                    out.put(net, vlan);
                }
            });
        }
        return out;
    }

    /**
     * The VXLAN networks this node only routes to (no port here), each with its local VLAN:
     * br-tun carries routed frames out on them, nothing in. None while br-tun is not programmed.
     */
    Map<Network, Integer> routedOnlyTunnelledNetworks() {
        Map<Network, Integer> out = new LinkedHashMap<>();
        if (programs(Bridges.TUNNEL)) {
            routers.routedOnlyNetworks().forEach((net, vlan) -> {
                if (net.networkType() == NetworkType.VXLAN) {
                    out.put(net, vlan);
                }
            });
        }
        return out;
    }

    long routerCookie(dev.muon.pipeline.model.Router r) {
        return cookies.router(r.id(), r.name());
    }
}
