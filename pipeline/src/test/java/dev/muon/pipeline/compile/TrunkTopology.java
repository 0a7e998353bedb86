package dev.muon.pipeline.compile;

import static dev.muon.pipeline.compile.SeedTopology.iface;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Seed 000's VLAN-aware VM, with its ids, addresses and port numbers: VLAN networks net1
 * (1031), net2 (1090), net3 (1048) and trunk (1052) on physnet, local VLANs 1..4 on node1; the
 * trunk 3b9bb4f7-… whose parent my-trunk (192.168.100.4) carries subports on net1..3 at VLANs
 * 1100/1200/1300. On node1 the VM is plugged into tbr-3b9bb4f7-a as os-vif plugs it, and the
 * patch pairs are there as Muon makes them (tpi 28, spi 29..31 on br-int; tpt 2, spt 3..5 on
 * the trunk bridge). node2 holds plain VMs on net1..3.
 */
final class TrunkTopology {
    static final String TRUNK = "3b9bb4f7-ae10-477e-9178-e870f134e3f0";
    static final String TBR = "tbr-3b9bb4f7-a";
    static final String PARENT = "027824df-170d-4f5b-9619-daa3373255a2";
    static final String SUB1 = "867d7f27-8da0-4dfc-8d37-82e9f1db5f97";
    static final String SUB2 = "dd79c326-2a73-4d66-a6d5-a71aaefd3948";
    static final String SUB3 = "e7837b32-b51a-48c8-a4ee-18195b1d336d";
    static final String VM_TAP = "qvo027824df-17";

    final SeedTopology t = new SeedTopology();
    Trunk trunk;

    static TrunkTopology seed000() {
        TrunkTopology tt = new TrunkTopology();
        SeedTopology t = tt.t;
        t.providerNetwork("net1", "net1", NetworkType.VLAN, "physnet", 1031);
        t.providerNetwork("net2", "net2", NetworkType.VLAN, "physnet", 1090);
        t.providerNetwork("net3", "net3", NetworkType.VLAN, "physnet", 1048);
        t.providerNetwork("net-trunk", "trunk", NetworkType.VLAN, "physnet", 1052);
        t.subnet("subnet1", "net1", "192.168.10.0/24");
        t.subnet("subnet2", "net2", "192.168.20.0/24");
        t.subnet("subnet3", "net3", "192.168.30.0/24");
        t.subnet("trunk-subnet", "net-trunk", "192.168.100.0/24");
        t.port(PARENT, "net-trunk", "trunk-subnet", "192.168.100.4", "fa:16:3e:31:39:80", "node1");
        t.port(SUB1, "net1", "subnet1", "192.168.10.7", "fa:16:3e:a6:85:1a", "node1");
        t.port(SUB2, "net2", "subnet2", "192.168.20.4", "fa:16:3e:be:dc:65", "node1");
        t.port(SUB3, "net3", "subnet3", "192.168.30.4", "fa:16:3e:fb:b5:0a", "node1");
        t.port("vm-net1", "net1", "subnet1", "192.168.10.10", "fa:16:3e:00:01:10", "node2");
        t.port("vm-net2", "net2", "subnet2", "192.168.20.10", "fa:16:3e:00:02:10", "node2");
        t.port("vm-net3", "net3", "subnet3", "192.168.30.10", "fa:16:3e:00:03:10", "node2");
        tt.trunk = new Trunk(TRUNK, "trunk-net", "", "proj", PARENT, true, "DOWN",
                List.of(new SubPort(SUB1, SubPort.VLAN, 1100), new SubPort(SUB2, SubPort.VLAN, 1200),
                        new SubPort(SUB3, SubPort.VLAN, 1300)),
                List.of(), SeedTopology.T, SeedTopology.T, 2);
        Map<String, String> physnet = Map.of("physnet", "br-eth1");
        List<ObservedInterface> node1 = new ArrayList<>(List.of(
                iface("int-br-eth1", "br-int", 2, Map.of()),
                iface("patch-tun", "br-int", 3, Map.of()),
                iface("patch-int", "br-tun", 1, Map.of()),
                iface("phy-br-eth1", "br-eth1", 1, Map.of()),
                iface("eth1", "br-eth1", 2, Map.of()),
                iface(TBR, TBR, 65534, Map.of()),
                iface(VM_TAP, TBR, 1, vif(PARENT, "fa:16:3e:31:39:80"))));
        node1.addAll(wiring());
        t.node("node1", "192.168.1.11", physnet, node1);
        t.node("node2", "192.168.1.12", physnet, List.of(
                iface("int-br-eth1", "br-int", 2, Map.of()),
                iface("patch-tun", "br-int", 3, Map.of()),
                iface("tap-net1", "br-int", 8, vif("vm-net1", "fa:16:3e:00:01:10")),
                iface("tap-net2", "br-int", 9, vif("vm-net2", "fa:16:3e:00:02:10")),
                iface("tap-net3", "br-int", 10, vif("vm-net3", "fa:16:3e:00:03:10")),
                iface("patch-int", "br-tun", 1, Map.of()),
                iface("phy-br-eth1", "br-eth1", 1, Map.of())));
        return tt;
    }

    /** The patch pairs as Muon makes them for the trunk on node1, with the port numbers OVS gave them. */
    static List<ObservedInterface> wiring() {
        return List.of(
                iface("tpi-027824df-17", "br-int", 28, vif(PARENT, "fa:16:3e:31:39:80")),
                iface("spi-867d7f27-8d", "br-int", 29, vif(SUB1, "fa:16:3e:a6:85:1a")),
                iface("spi-dd79c326-2a", "br-int", 30, vif(SUB2, "fa:16:3e:be:dc:65")),
                iface("spi-e7837b32-b5", "br-int", 31, vif(SUB3, "fa:16:3e:fb:b5:0a")),
                iface("tpt-027824df-17", TBR, 2, Map.of()),
                iface("spt-867d7f27-8d", TBR, 3, Map.of()),
                iface("spt-dd79c326-2a", TBR, 4, Map.of()),
                iface("spt-e7837b32-b5", TBR, 5, Map.of()));
    }

    static Map<String, String> vif(String portId, String mac) {
        return Map.of("iface-id", portId, "attached-mac", mac);
    }

    /** Local VLANs as the seed's table shows them on node1 (node2's are its own). */
    static Map<String, Integer> vlans(String host) {
        return host.equals("node1") ? Map.of("net1", 1, "net2", 2, "net3", 3, "net-trunk", 4)
                : Map.of("net1", 5, "net2", 6, "net3", 7);
    }

    NetworkModel model() {
        NetworkModel m = t.model();
        return trunk == null ? m : m.with(ResourceKind.TRUNK, trunk);
    }

    DesiredState compile(String host) {
        return PipelineCompiler.compile(new CompileInput(model(), t.nodes, host, vlans(host), "tcp:127.0.0.1:6653"));
    }

    /** node1 as it is before os-vif plugs anything: no trunk bridge, no wiring. */
    TrunkTopology unplugged() {
        keepOnNode1(i -> !i.bridge().equals(TBR) && !isWiring(i));
        return this;
    }

    /** node1 with the trunk bridge and the VM's interface but none of Muon's patch ports yet. */
    TrunkTopology vifOnly() {
        keepOnNode1(i -> !isWiring(i));
        return this;
    }

    TrunkTopology withoutInterfaces(String... names) {
        Set<String> gone = Set.of(names);
        keepOnNode1(i -> !gone.contains(i.name()));
        return this;
    }

    TrunkTopology update(String portId, UnaryOperator<Port> change) {
        t.update(portId, change);
        return this;
    }

    private static boolean isWiring(ObservedInterface i) {
        return wiring().stream().anyMatch(w -> w.name().equals(i.name()));
    }

    private void keepOnNode1(Predicate<ObservedInterface> keep) {
        NodeState n = t.nodes.get("node1");
        List<ObservedInterface> ifaces = n.interfaces().stream().filter(keep).toList();
        Set<String> bridges = new TreeSet<>(Set.of("br-int", "br-tun"));
        ifaces.forEach(i -> bridges.add(i.bridge()));
        t.nodes.put("node1", new NodeState(n.connectionId(), n.config(), bridges, ifaces));
    }
}
