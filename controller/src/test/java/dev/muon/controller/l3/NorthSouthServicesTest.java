package dev.muon.controller.l3;

import dev.muon.controller.RecordingSwitch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.controller.node.NodeRegistry;
import dev.muon.controller.reconcile.PortBindings;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SNAT failover around a controller start: a node not back yet keeps its routers; one seen and lost does not. */
class NorthSouthServicesTest {
    private final NodeRegistry registry = new NodeRegistry();
    private final List<PortBindings.Change> written = new ArrayList<>();
    private final NetworkModel model = SnatPlacementTest.model("net1");
    private final NorthSouthServices services = new NorthSouthServices(() -> model, written::add, registry,
            new ExternalArp((h, b) -> java.util.Optional.empty(), () -> { }, 30), Duration.ofSeconds(15),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static Map<String, NodeState> nodes(NodeConfig... configs) {
        Map<String, NodeState> out = new java.util.TreeMap<>();
        for (NodeConfig c : configs) {
            out.put(c.hostname(), new NodeState("c-" + c.hostname(), c, Set.of("br-int"), List.of()));
        }
        return out;
    }

    private RecordingSwitch connect(String host) {
        RecordingSwitch sw = new RecordingSwitch(DatapathIds.of(host, "br-int"));
        registry.switchUp(sw);
        return sw;
    }

    @Test
    void justAfterAStartARouterWaitsForItsNodeToReconnect() {
        connect("net2");
        services.place(model, nodes(SnatPlacementTest.NET1, SnatPlacementTest.NET2));
        assertEquals(List.of(), written);
    }

    @Test
    void aNodeSeenSinceTheStartThatDropsFailsOverAtOnce() {
        RecordingSwitch net1 = connect("net1");
        connect("net2");
        services.place(model, nodes(SnatPlacementTest.NET1, SnatPlacementTest.NET2));
        assertEquals(List.of(), written);
        registry.switchDown(net1);
        services.place(model, nodes(SnatPlacementTest.NET1, SnatPlacementTest.NET2));
        assertEquals(List.of(new PortBindings.Change("qg1", "net2", true)), written);
    }
}
