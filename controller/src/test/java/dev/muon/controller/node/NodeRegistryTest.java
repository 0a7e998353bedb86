package dev.muon.controller.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ovsdb.OvsdbNode;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/**
 * Which datapath ids a certified switch may take. Ids hash "hostname/bridge", so a node "node1"
 * showing bridge "x/br-int" collides with node "node1/x"'s br-int: a stand-in for any bridge name
 * chosen to collide with another node's id.
 */
class NodeRegistryTest {
    private static final long NODE1_BR_EX = DatapathIds.of("node1", "br/ex");

    private final NodeRegistry registry = new NodeRegistry();

    private static NodeIdentity certificate(String name) {
        return NodeIdentity.of(new X500Principal("CN=" + name));
    }

    private static OvsdbNode node(String id, String hostname, Map<String, String> mappings, Set<String> bridges) {
        NodeState state = new NodeState(id, new NodeConfig(hostname, null, NodeRole.COMPUTE, mappings, "netdev", null),
                bridges, List.of());
        return new OvsdbNode() {
            @Override public String connectionId() { return id; }
            @Override public NodeState state() { return state; }
            @Override public CompletableFuture<Void> apply(DesiredState desired) { return CompletableFuture.completedFuture(null); }
            @Override public boolean isConnected() { return true; }
            @Override public Optional<SSLSession> tlsSession() { return Optional.empty(); }
            @Override public void disconnect() { }
        };
    }

    private static OpenFlowSwitch connectedSwitch(long dpid) {
        return (OpenFlowSwitch) Proxy.newProxyInstance(NodeRegistryTest.class.getClassLoader(),
                new Class<?>[] {OpenFlowSwitch.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "datapathId" -> dpid;
                    case "isConnected" -> true;
                    case "tlsSession" -> Optional.empty();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void aSwitchMayNotTakeTheIdOfAnotherConnectedNodesBridge() {
        long victimBrInt = DatapathIds.of("node1/x", "br-int");
        registry.ovsdbUp(node("a:1", "node1/x", Map.of(), Set.of("br-int", "br-tun")));
        registry.ovsdbUp(node("b:1", "node1", Map.of(), Set.of("br-int", "x/br-int")));
        Optional<String> refusal = registry.refusal(victimBrInt, certificate("node1"));
        assertTrue(refusal.isPresent(), "its own bridge 'x/br-int' by the hash, but node1/x's br-int");
        assertTrue(refusal.get().contains("node node1/x's br-int"), refusal.get());
        assertEquals(Optional.empty(), registry.refusal(victimBrInt, certificate("node1/x")), "the victim's br-int is its own");
        assertEquals(Optional.empty(), registry.refusal(DatapathIds.of("node1", "br-int"), certificate("node1")));
    }

    @Test
    void aSwitchMayNotReplaceAConnectedSwitchCertifiedUnderAnotherName() {
        registry.ovsdbUp(node("b:1", "node1/br", Map.of(), Set.of("br-int", "ex")));   // node1's OVSDB is away
        registry.switchUp(connectedSwitch(NODE1_BR_EX), certificate("node1"));
        Optional<String> refusal = registry.refusal(NODE1_BR_EX, certificate("node1/br"));
        assertTrue(refusal.isPresent() && refusal.get().contains("held by connected switch 'node1'"), refusal.toString());
    }
}
