package dev.muon.controller.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Nodes, networks and routers stored before zones existed read back in the default zone, with no hints. */
class ZoneFieldsCompatTest {
    private final ObjectMapper json = ModelJson.mapper();

    private <T> T withoutField(T value, String field, Class<T> type) throws Exception {
        ObjectNode tree = json.valueToTree(value);
        tree.remove(field);
        return json.treeToValue(tree, type);
    }

    @Test
    void oldRowsReadWithDefaults() throws Exception {
        NodeConfig node = new NodeConfig("n1", "10.0.0.1", NodeRole.COMPUTE, Map.of(), "netdev", null, "az9");
        assertEquals("az9", json.readValue(json.writeValueAsString(node), NodeConfig.class).availabilityZone());
        assertEquals("nova", withoutField(node, "availabilityZone", NodeConfig.class).availabilityZone());

        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Network net = new Network("id", "n", "", "p", true, false, false, NetworkType.VXLAN, null, 5, 1450, "ACTIVE",
                t, t, 1, false, true, List.of(), "", List.of("az9"));
        assertEquals(List.of("az9"), json.readValue(json.writeValueAsString(net), Network.class).availabilityZoneHints());
        assertEquals(List.of(), withoutField(net, "availabilityZoneHints", Network.class).availabilityZoneHints());

        Router router = new Router("r", "r", "", "p", true, "DOWN", null, false, false, List.of(), List.of(), t, t, 1,
                List.of("az9"));
        assertEquals(List.of("az9"), json.readValue(json.writeValueAsString(router), Router.class)
                .availabilityZoneHints());
        assertEquals(List.of(), withoutField(router, "availabilityZoneHints", Router.class).availabilityZoneHints());
    }
}
