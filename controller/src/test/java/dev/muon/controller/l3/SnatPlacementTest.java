package dev.muon.controller.l3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.RouterGateway;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnatPlacementTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final Network PUBLIC = new Network("ext", "public", "", "admin", true, false, true, NetworkType.FLAT, "public",
            null, 1500, "ACTIVE", T, T, 1, true, true, List.of());

    static NodeConfig node(String host, NodeRole role, Map<String, String> mappings) {
        return new NodeConfig(host, "192.168.1.1", role, mappings, "netdev", null);
    }

    static final NodeConfig NET1 = node("net1", NodeRole.NETWORK, Map.of("public", "br-ex"));
    static final NodeConfig NET2 = node("net2", NodeRole.NETWORK, Map.of("public", "br-ex"));
    static final NodeConfig COMPUTE = node("compute1", NodeRole.COMPUTE, Map.of("public", "br-ex"));
    static final NodeConfig UNMAPPED = node("net3", NodeRole.NETWORK, Map.of());

    /** Routers r1..rN with gateways on "public", their gateway ports bound to {@code hosts[i]} ("" unbound). */
    static NetworkModel model(String... hosts) {
        List<Router> routers = new ArrayList<>();
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String id = "r" + (i + 1);
            ports.add(new Port("qg" + (i + 1), "", "", "", "ext", "fa:16:3e:00:00:0" + (i + 1),
                    List.of(new FixedIp("sub-ext", "203.0.113." + (10 + i))), true, "DOWN", id, DeviceOwner.ROUTER_GATEWAY,
                    hosts[i], true, List.of(), T, T, 1, List.of(), Map.of(), List.of()));
            routers.add(new Router(id, id, "", "p", true, "ACTIVE", new RouterGateway("ext", true, "qg" + (i + 1)), true,
                    false, List.of(), List.of(), T, T, 1));
        }
        return NetworkModel.fromCollections(Map.of(ResourceKind.NETWORK, List.of(PUBLIC), ResourceKind.ROUTER, routers,
                ResourceKind.PORT, ports));
    }

    @Test
    void newRoutersSpreadOverTheNetworkNodesThatMapTheExternalNetwork() {
        List<SnatPlacement.Move> moves = SnatPlacement.moves(model("", "", ""),
                Map.of("net1", NET1, "net2", NET2, "compute1", COMPUTE, "net3", UNMAPPED));
        assertEquals(List.of(new SnatPlacement.Move("r1", "qg1", "", "net1"), new SnatPlacement.Move("r2", "qg2", "", "net2"),
                new SnatPlacement.Move("r3", "qg3", "", "net1")), moves);
    }

    @Test
    void aRouterOnAFailedNodeMovesToALiveOneAndStaysThereWhenTheNodeReturns() {
        assertEquals(List.of(new SnatPlacement.Move("r1", "qg1", "net1", "net2")),
                SnatPlacement.moves(model("net1"), Map.of("net2", NET2)));
        assertEquals(List.of(), SnatPlacement.moves(model("net2"), Map.of("net1", NET1, "net2", NET2)));
    }

    @Test
    void withNoLiveCandidateTheGatewayIsUnbound() {
        assertEquals(List.of(new SnatPlacement.Move("r1", "qg1", "net1", "")),
                SnatPlacement.moves(model("net1"), Map.of("compute1", COMPUTE, "net3", UNMAPPED)));
        assertEquals(List.of(), SnatPlacement.moves(model(""), Map.of("compute1", COMPUTE)));
    }
}
