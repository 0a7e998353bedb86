package dev.muon.controller.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.ovsdb.OvsdbNode;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class HostnameClaimsTest {

    /** A connection whose state a test sets. */
    private static final class Peer implements OvsdbNode {
        final String id;
        volatile NodeState state;

        Peer(String id, String hostname, String encapIp) {
            this.id = id;
            claim(hostname, encapIp);
        }

        void claim(String hostname, String encapIp) {
            state = new NodeState(id, hostname == null ? null
                    : new NodeConfig(hostname, encapIp, NodeRole.COMPUTE, Map.of(), "netdev", null), Set.of("br-int"), List.of());
        }

        @Override public String connectionId() { return id; }
        @Override public NodeState state() { return state; }
        @Override public CompletableFuture<Void> apply(DesiredState desired) { return CompletableFuture.completedFuture(null); }
        @Override public boolean isConnected() { return true; }
        @Override public Optional<SSLSession> tlsSession() { return Optional.empty(); }
        @Override public void disconnect() { }
    }

    private final HostnameClaims claims = new HostnameClaims();
    private final List<OvsdbNode> connected = new ArrayList<>();

    @Test
    void aCertifiedClaimantTakesTheHostnameFromAPlainHolder() {
        Peer plain = new Peer("10.0.0.66:40001", "node1", "192.168.1.66");
        Peer certified = new Peer("10.0.0.1:40000", "node1", "192.168.1.11");
        HostnameClaims tls = new HostnameClaims(n -> n == certified);
        connected.add(plain);
        assertSame(plain, tls.holderOf("node1", connected).orElseThrow());

        connected.add(certified);
        assertSame(certified.state(), tls.nodeStates(connected).get("node1"), "a certificate beats a plain claim");
        assertSame(certified, tls.holderOf("node1", connected).orElseThrow());
        assertEquals(Set.of("10.0.0.66:40001"), tls.refusedClaimants());
    }

    @Test
    void anImpostorOfALiveNodeIsNobodyUntilTheHolderLeaves() {
        Peer real = new Peer("10.0.0.1:40000", "node1", "192.168.1.11");
        connected.add(real);
        assertSame(real.state(), claims.nodeStates(connected).get("node1"));

        Peer impostor = new Peer("10.0.0.66:40001", "node1", null);
        connected.add(0, impostor);   // listed first: order of listing must not matter
        assertSame(real.state(), claims.nodeStates(connected).get("node1"), "the holder keeps its hostname");
        assertSame(real, claims.holderOf("node1", connected).orElseThrow(), "nothing is pushed to the impostor");
        assertEquals(Set.of("10.0.0.66:40001"), claims.refusedClaimants());

        connected.remove(real);   // the holder disconnects: the claimant may take over
        assertSame(impostor.state(), claims.nodeStates(connected).get("node1"));
        assertSame(impostor, claims.holderOf("node1", connected).orElseThrow());

        Peer back = new Peer("10.0.0.1:40002", "node1", "192.168.1.11");
        connected.add(back);   // now the newcomer is the later claimant
        assertSame(impostor, claims.holderOf("node1", connected).orElseThrow());
    }

    @Test
    void aHolderThatRenamesItselfReleasesItsHostname() {
        Peer a = new Peer("a:1", "node1", null);
        Peer b = new Peer("b:1", "node1", null);
        connected.addAll(List.of(a, b));
        assertSame(a, claims.holderOf("node1", connected).orElseThrow());
        a.claim("node7", null);
        Map<String, NodeState> nodes = claims.nodeStates(connected);
        assertSame(b.state(), nodes.get("node1"));
        assertSame(a.state(), nodes.get("node7"));
    }

    @Test
    void aSecondNodeWithAnotherNodesEncapIpGetsNoTunnelEndpoint() {
        Peer real = new Peer("a:1", "node1", "192.168.1.11");
        connected.add(real);
        claims.nodeStates(connected);
        Peer copycat = new Peer("b:1", "node2", "192.168.1.11");
        connected.add(copycat);
        Map<String, NodeState> nodes = claims.nodeStates(connected);
        assertEquals("192.168.1.11", nodes.get("node1").config().encapIp());
        assertNull(nodes.get("node2").config().encapIp(), "no other node tunnels to the copy");
        assertSame(nodes.get("node2"), claims.nodeStates(connected).get("node2"), "the same state object each time");
        assertTrue(claims.refusedClaimants().contains("b:1"));

        connected.remove(real);
        assertEquals("192.168.1.11", claims.nodeStates(connected).get("node2").config().encapIp());
    }

    @Test
    void aRefusedImpostorDoesNotHoldTheEncapIp() {
        Peer real = new Peer("a:1", "node1", "192.168.1.11");
        Peer impostor = new Peer("b:1", "node1", "192.168.1.99");
        Peer other = new Peer("c:1", "node3", "192.168.1.99");
        connected.addAll(List.of(real, impostor, other));
        assertEquals("192.168.1.99", claims.nodeStates(connected).get("node3").config().encapIp());
    }

    @Test
    void aReconnectingHolderGetsItsEncapIpBackFromAnInterloper() {
        Peer real = new Peer("a:1", "node1", "192.168.1.11");
        connected.add(real);
        claims.nodeStates(connected);
        Peer interloper = new Peer("c:1", "node3", "192.168.1.11");
        connected.add(interloper);
        assertNull(claims.nodeStates(connected).get("node3").config().encapIp());

        connected.remove(real);   // node1's ovsdb-server restarts: a new connection, listed after the interloper
        connected.add(new Peer("a:2", "node1", "192.168.1.11"));
        Map<String, NodeState> nodes = claims.nodeStates(connected);
        assertEquals("192.168.1.11", nodes.get("node1").config().encapIp(), "node1 keeps its tunnel endpoint");
        assertNull(nodes.get("node3").config().encapIp());

        connected.remove(1);   // node1 away for a while: the interloper may use the IP meanwhile
        assertEquals("192.168.1.11", claims.nodeStates(connected).get("node3").config().encapIp());
        connected.add(new Peer("a:3", "node1", "192.168.1.11"));
        nodes = claims.nodeStates(connected);
        assertEquals("192.168.1.11", nodes.get("node1").config().encapIp(), "but it goes back to node1");
        assertNull(nodes.get("node3").config().encapIp());
        assertEquals(Set.of("c:1"), claims.refusedClaimants());
    }

    @Test
    void aCertifiedNodeTakesAnEncapIpFromAPlainHolder() {
        Peer plain = new Peer("p:1", "rogue", "192.168.1.11");
        Peer node1 = new Peer("a:1", "node1", "192.168.1.11");
        HostnameClaims tls = new HostnameClaims(n -> n == node1);
        connected.add(plain);
        tls.nodeStates(connected);
        connected.add(node1);
        Map<String, NodeState> nodes = tls.nodeStates(connected);
        assertEquals("192.168.1.11", nodes.get("node1").config().encapIp());
        assertNull(nodes.get("rogue").config().encapIp());
    }
}
