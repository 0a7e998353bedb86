package dev.muon.controller.bench;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.CompileInput;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deterministic synthetic cloud for the benchmark: {@code ports} VMs on VXLAN networks of
 * {@link #PORTS_PER_NETWORK} ports each, spread over {@code nodes} nodes. node1 is the one
 * measured; its VIFs are given ofports as if plugged, the others are remote.
 */
final class SyntheticCloud {
    static final int PORTS_PER_NETWORK = 50;
    private static final Instant T = Instant.EPOCH;

    final NetworkModel model;
    final Map<String, NodeState> nodes;
    final Map<String, Integer> localVlans;
    final int localPorts;

    private SyntheticCloud(NetworkModel model, Map<String, NodeState> nodes, Map<String, Integer> localVlans,
                           int localPorts) {
        this.model = model;
        this.nodes = nodes;
        this.localVlans = localVlans;
        this.localPorts = localPorts;
    }

    static SyntheticCloud build(int portCount, int nodeCount, long seed) {
        Random random = new Random(seed);
        List<Network> networks = new ArrayList<>();
        List<Subnet> subnets = new ArrayList<>();
        List<Port> ports = new ArrayList<>();
        Map<String, List<ObservedInterface>> ifaces = new TreeMap<>();
        for (int n = 1; n <= nodeCount; n++) {
            List<ObservedInterface> list = new ArrayList<>();
            list.add(iface("patch-tun", Bridges.INTEGRATION, 1, Map.of()));
            list.add(iface("patch-int", Bridges.TUNNEL, 1, Map.of()));
            int tun = 2;
            for (int r = 1; r <= nodeCount; r++) {
                if (r != n) {
                    list.add(iface(Bridges.tunnelPortName(encapIp(r)), Bridges.TUNNEL, tun++, Map.of()));
                }
            }
            ifaces.put(host(n), list);
        }
        Map<String, Integer> localVlans = new LinkedHashMap<>();
        int networkCount = (portCount + PORTS_PER_NETWORK - 1) / PORTS_PER_NETWORK;
        int nextOfport = 2;
        int local = 0;
        for (int i = 0; i < networkCount; i++) {
            String netId = String.format("net-%05d", i);
            networks.add(new Network(netId, netId, "", "bench", true, false, false, NetworkType.VXLAN, null,
                    1000 + i, 1450, "ACTIVE", T, T, 1, false, true, List.of()));
            String subId = String.format("sub-%05d", i);
            subnets.add(new Subnet(subId, subId, "", "bench", netId, 4, "10.0.0.0/16", "10.0.0.1",
                    List.of(new AllocationPool("10.0.0.2", "10.0.255.254")), true, List.of(), List.of(), T, T, 1, null,
                    List.of()));
            localVlans.put(netId, i % 4094 + 1);
            for (int j = 0; j < PORTS_PER_NETWORK && ports.size() < portCount; j++) {
                int k = ports.size();
                String portId = String.format("port-%06d", k);
                String host = host(1 + random.nextInt(nodeCount));
                String mac = String.format("fa:16:3e:%02x:%02x:%02x", (k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff);
                String ip = "10.0." + ((j + 2) >> 8) + "." + ((j + 2) & 0xff);
                ports.add(new Port(portId, portId, "", "bench", netId, mac, List.of(new FixedIp(subId, ip)), true,
                        "ACTIVE", "vm-" + k, "compute:nova", host, true, List.of(), T, T, 1, List.of(), Map.of(),
                        List.of()));
                if (host.equals(host(1))) {
                    ifaces.get(host).add(iface("tap" + k, Bridges.INTEGRATION, nextOfport++, Map.of("iface-id", portId)));
                    local++;
                }
            }
        }
        Map<String, NodeState> nodes = new TreeMap<>();
        for (int n = 1; n <= nodeCount; n++) {
            NodeConfig cfg = new NodeConfig(host(n), encapIp(n), NodeRole.COMPUTE, Map.of(), "netdev", null);
            nodes.put(host(n), new NodeState("bench-" + n, cfg, Set.of(Bridges.INTEGRATION, Bridges.TUNNEL),
                    ifaces.get(host(n))));
        }
        return new SyntheticCloud(NetworkModel.of(networks, subnets, ports), nodes, localVlans, local);
    }

    CompileInput input(String controllerTarget) {
        return new CompileInput(model, nodes, host(1), localVlans, controllerTarget);
    }

    static String host(int n) {
        return "node" + n;
    }

    private static String encapIp(int n) {
        return "192.168." + (1 + n / 250) + "." + (10 + n % 250);
    }

    private static ObservedInterface iface(String name, String bridge, int ofport, Map<String, String> ids) {
        return new ObservedInterface(name, bridge, "", ofport, null, ids, Map.of());
    }
}
