package dev.muon.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.controller.reconcile.FloatingIpStatuses;
import dev.muon.controller.reconcile.PushedState;
import dev.muon.pipeline.compile.CompileInput;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.NodeTopology;
import dev.muon.pipeline.compile.PipelineCompiler;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compiler's flows for a floating IP, as the API made it, are what makes it ACTIVE. */
class FloatingIpStatusesCompiledTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    private static NodeState node(String host, String ip, NodeRole role, List<ObservedInterface> vifs) {
        return new NodeState("c-" + host, new NodeConfig(host, ip, role, Map.of("public", "br-ex"), "netdev", null),
                Set.of("br-int", "br-tun", "br-ex"), vifs);
    }

    /** node1 (compute) with the VM plugged on br-int, node2 (network) holding the router's gateway. */
    private static Map<String, NodeState> nodes(String vm) {
        ObservedInterface tap = new ObservedInterface("tap" + vm.substring(0, 11), "br-int", "", 5, null,
                Map.of("iface-id", vm), Map.of());
        return Map.of("node1", node("node1", "192.168.1.11", NodeRole.COMPUTE, List.of(tap)),
                "node2", node("node2", "192.168.1.12", NodeRole.NETWORK, List.of()));
    }

    private static Map<String, DesiredState> compile(NetworkModel m, Map<String, NodeState> nodes) {
        Map<String, Integer> routers = new HashMap<>();
        new TreeSet<>(m.routers().keySet()).forEach(r -> routers.put(r, routers.size() + 1));
        Map<String, String> dvrMacs = Map.of("node1", "fa:16:3f:00:00:01", "node2", "fa:16:3f:00:00:02");
        Map<String, DesiredState> out = new HashMap<>();
        for (NodeState node : nodes.values()) {
            Map<String, Integer> vlans = new TreeMap<>();
            new TreeSet<>(NodeTopology.networksNeedingLocalVlan(m, node)).forEach(n -> vlans.put(n, vlans.size() + 1));
            out.put(node.hostname(), PipelineCompiler.compile(new CompileInput(m, nodes, node.hostname(), vlans,
                    "tcp:127.0.0.1:6653", dvrMacs, routers)));
        }
        return out;
    }

    private static Map<String, PushedState> allSynced(Map<String, DesiredState> compiled) {
        Map<String, PushedState> out = new HashMap<>();
        compiled.forEach((host, d) -> out.put(host, new PushedState(d, d.flows().keySet())));
        return out;
    }

    @Test
    void aServedFloatingIpIsActiveAndAnUnservedOneDown() throws Exception {
        String ext = api.create("networks", "network", "{'name': 'public', 'router:external': true, "
                + "'provider:network_type': 'flat', 'provider:physical_network': 'public'}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + ext + "', 'cidr': '192.168.0.0/24', "
                + "'gateway_ip': '192.168.0.1', 'enable_dhcp': false}");
        String net1 = api.create("networks", "network", "{'name': 'net1'}").get("id").asText();
        String subnet1 = api.create("subnets", "subnet", "{'network_id': '" + net1 + "', 'cidr': '10.0.0.0/24'}")
                .get("id").asText();
        String router = api.create("routers", "router", "{'name': 'r', 'distributed': true, 'external_gateway_info': {'network_id': '"
                + ext + "'}}").get("id").asText();
        api.put("/v2.0/routers/" + router + "/add_router_interface", "{'subnet_id': '" + subnet1 + "'}");
        String gw = api.get("/v2.0/ports?device_owner=network:router_gateway").get("ports").get(0).get("id").asText();
        api.service.setPortBinding(gw, "node2", true);
        String vm = api.create("ports", "port", "{'network_id': '" + net1 + "', 'device_owner': 'compute:nova'}")
                .get("id").asText();
        api.service.setPortBinding(vm, "node1", true);
        String fip = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "', 'port_id': '"
                + vm + "'}").get("id").asText();
        String idle = api.create("floatingips", "floatingip", "{'floating_network_id': '" + ext + "'}")
                .get("id").asText();

        NetworkModel m = api.service.snapshot();
        Map<String, NodeState> nodes = nodes(vm);
        Map<String, DesiredState> compiled = compile(m, nodes);
        assertEquals(Set.of(new FloatingIpStatuses.Change(fip, "ACTIVE")),
                Set.copyOf(FloatingIpStatuses.changes(m, nodes, compiled, allSynced(compiled))),
                "served on node1 (its VM's node maps the external network); " + idle + " already DOWN");
        assertEquals(List.of(), FloatingIpStatuses.changes(m, nodes, compiled, Map.of()), "not on the node yet");
    }
}
