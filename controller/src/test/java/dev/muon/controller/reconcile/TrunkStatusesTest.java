package dev.muon.controller.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trunk status from what node1 reports: DOWN until wired, ACTIVE when all is, DEGRADED when a subport is not. */
class TrunkStatusesTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    private static final String TBR = "tbr-3b9bb4f7-a";

    private static Network net(String id, NetworkType type, String physnet) {
        return new Network(id, id, "", "p", true, false, false, type, physnet, type == NetworkType.VXLAN ? 77 : 1031,
                1450, "ACTIVE", T, T, 1, false, true, List.of());
    }

    private static Port port(String id, String net, String host) {
        return new Port(id, id, "", "p", net, "fa:16:3e:00:00:01", List.of(new FixedIp("s", "10.0.0.5")), true,
                "DOWN", "", "", host, true, List.of(), T, T, 1, List.of(), Map.of(), List.of());
    }

    private static NetworkModel model(String status, String parentHost) {
        Trunk trunk = new Trunk("3b9bb4f7-ae10-477e-9178-e870f134e3f0", "t", "", "p", "027824df-170d-4f5b", true,
                status, List.of(new SubPort("867d7f27-8da0-4dfc", SubPort.VLAN, 1100),
                new SubPort("dd79c326-2a73-4d66", SubPort.VLAN, 1200)), List.of(), T, T, 1);
        return NetworkModel.of(
                        List.of(net("vx", NetworkType.VXLAN, null), net("far", NetworkType.VLAN, "physnet9")),
                        List.of(),
                        List.of(port("027824df-170d-4f5b", "vx", parentHost), port("867d7f27-8da0-4dfc", "vx", ""),
                                port("dd79c326-2a73-4d66", "vx", "")))
                .with(ResourceKind.TRUNK, trunk);
    }

    private static ObservedInterface iface(String name, String bridge, Integer ofport, String ifaceId) {
        return new ObservedInterface(name, bridge, "patch", ofport, null,
                ifaceId == null ? Map.of() : Map.of("iface-id", ifaceId), Map.of());
    }

    private static List<ObservedInterface> wired() {
        return new ArrayList<>(List.of(
                iface("qvo027824df-17", TBR, 1, "027824df-170d-4f5b"),
                iface("tpt-027824df-17", TBR, 2, null),
                iface("tpi-027824df-17", "br-int", 28, "027824df-170d-4f5b"),
                iface("spi-867d7f27-8d", "br-int", 29, "867d7f27-8da0-4dfc"),
                iface("spi-dd79c326-2a", "br-int", 30, "dd79c326-2a73-4d66"),
                iface("spt-867d7f27-8d", TBR, 3, null),
                iface("spt-dd79c326-2a", TBR, 4, null),
                iface("patch-int", "br-tun", 1, null)));
    }

    private static Map<String, NodeState> node1(List<ObservedInterface> ifaces) {
        NodeConfig cfg = new NodeConfig("node1", "192.168.1.11", NodeRole.COMPUTE, Map.of(), "netdev", null);
        return Map.of("node1", new NodeState("c1", cfg, Set.of("br-int", "br-tun", TBR), ifaces));
    }

    private static List<TrunkStatuses.Change> changes(NetworkModel m, List<ObservedInterface> ifaces) {
        Map<String, NodeState> nodes = node1(ifaces);
        return TrunkStatuses.changes(m, nodes, Compiled.all(m, nodes));
    }

    private static List<TrunkStatuses.Change> to(String status) {
        return List.of(new TrunkStatuses.Change("3b9bb4f7-ae10-477e-9178-e870f134e3f0", status));
    }

    @Test
    void aWiredTrunkIsActiveAndSaysSoOnce() {
        assertEquals(to("ACTIVE"), changes(model("DOWN", "node1"), wired()));
        assertEquals(List.of(), changes(model("ACTIVE", "node1"), wired()));
    }

    @Test
    void aTrunkIsDownUntilTheVmAndTheParentsPatchPortAreThere() {
        List<ObservedInterface> noVm = wired();
        noVm.removeIf(i -> i.name().startsWith("qvo"));
        assertEquals(List.of(), changes(model("DOWN", "node1"), noVm));
        assertEquals(to("DOWN"), changes(model("ACTIVE", "node1"), noVm));

        List<ObservedInterface> noParent = wired();
        noParent.removeIf(i -> i.name().startsWith("tpi"));
        assertEquals(to("DOWN"), changes(model("ACTIVE", "node1"), noParent));

        List<ObservedInterface> unnumbered = wired();
        unnumbered.replaceAll(i -> i.name().startsWith("tpi") ? iface(i.name(), i.bridge(), null, i.ifaceId()) : i);
        assertEquals(to("DOWN"), changes(model("ACTIVE", "node1"), unnumbered), "no ofport: not wired");
    }

    @Test
    void aSubportThatFailsToWireDegradesTheTrunk() {
        List<ObservedInterface> missing = wired();
        missing.removeIf(i -> i.name().startsWith("spi-dd79"));
        assertEquals(to("DEGRADED"), changes(model("ACTIVE", "node1"), missing));

        List<ObservedInterface> failed = wired();   // OVS writes ofport -1 when it cannot add a port
        failed.replaceAll(i -> i.name().startsWith("spi-dd79") ? iface(i.name(), i.bridge(), null, i.ifaceId()) : i);
        assertEquals(to("DEGRADED"), changes(model("ACTIVE", "node1"), failed));

        // a subport on a VLAN network node1 has no bridge mapping for
        NetworkModel far = model("ACTIVE", "node1");
        Port sub = far.port("dd79c326-2a73-4d66").orElseThrow();
        far = far.withPort(new Port(sub.id(), sub.name(), "", "p", "far", sub.macAddress(), sub.fixedIps(), true,
                "DOWN", "", "", "", true, List.of(), T, T, 1, List.of(), Map.of(), List.of()));
        assertEquals(to("DEGRADED"), changes(far, wired()));

        // removing the failed subport from the trunk makes it ACTIVE again
        NetworkModel fewer = model("DEGRADED", "node1");
        Trunk t = fewer.all(ResourceKind.TRUNK).values().iterator().next();
        fewer = fewer.with(ResourceKind.TRUNK, t.withSubPorts(t.subPorts().subList(0, 1)));
        assertEquals(to("ACTIVE"), changes(fewer, missing));
    }

    @Test
    void anAdministrativelyDownSubportLeavesTheTrunkActiveAsInNeutron() {
        NetworkModel m = model("ACTIVE", "node1");
        Port sub = m.port("dd79c326-2a73-4d66").orElseThrow();
        m = m.withPort(new Port(sub.id(), sub.name(), "", "p", "vx", sub.macAddress(), sub.fixedIps(), false,
                "DOWN", "", "", "", true, List.of(), T, T, 1, List.of(), Map.of(), List.of()));
        assertEquals(List.of(), changes(m, wired()), "still ACTIVE");
    }

    @Test
    void nothingIsSaidUntilTheTrunkBridgeHoldsItsFlows() {
        NetworkModel m = model("DOWN", "node1");
        Map<String, NodeState> nodes = node1(wired());
        PushedState all = Compiled.all(m, nodes).get("node1");
        PushedState withoutTbr = new PushedState(all.desired(), Set.of("br-int", "br-tun"));
        assertEquals(List.of(), TrunkStatuses.changes(m, nodes, Map.of("node1", withoutTbr)));
        assertEquals(to("ACTIVE"), TrunkStatuses.changes(m, nodes, Map.of("node1", all)));
    }

    @Test
    void nothingIsSaidWhileTheParentsNodeIsNotConnected() {
        assertEquals(List.of(), changes(model("ACTIVE", "node9"), List.of()));
        assertEquals(to("DOWN"), changes(model("ACTIVE", ""), List.of()), "an unbound parent is DOWN");
    }
}
