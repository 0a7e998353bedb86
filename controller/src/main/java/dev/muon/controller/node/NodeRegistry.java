package dev.muon.controller.node;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ovsdb.OvsdbNode;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.node.NodeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes connected right now: their OVSDB sessions (by connection) and their bridges'
 * OpenFlow connections (by datapath id, which Muon derives from hostname and bridge).
 *
 * <p>A node is only what its {@link NodeIdentity} lets it be: an OVSDB connection whose
 * certificate names another host than the hostname its row claims is left out of every answer
 * (whatever it claims, whenever it changes it), so no state is computed from it or pushed to it.
 * When several admitted connections claim one hostname, {@link HostnameClaims} decides: one with
 * a certificate is preferred to a plain one, then the live holder keeps it.
 */
public final class NodeRegistry {
    private final Map<String, Member> ovsdb = new ConcurrentHashMap<>();
    private final Map<Long, Switch> switches = new ConcurrentHashMap<>();
    private final AtomicLong arrivals = new AtomicLong();
    /** When each hostname's OVSDB connection last went down: an away node's last heartbeat, as its agent shows. */
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

    private record Member(OvsdbNode node, NodeIdentity identity, long arrival, Instant since) {
    }

    private record Switch(OpenFlowSwitch sw, NodeIdentity identity) {
    }

    /** Among the connections their identities admit, who is which hostname and encap IP: the live holder. */
    private final HostnameClaims claims = new HostnameClaims(this::certified);

    public void ovsdbUp(OvsdbNode node) {
        ovsdb.put(node.connectionId(), new Member(node, NodeIdentity.of(node.tlsSession()), arrivals.incrementAndGet(),
                Instant.now()));
    }

    public void ovsdbDown(OvsdbNode node) {
        NodeState s = node.state();
        if (s != null && s.hostname() != null && ovsdbOf(s.hostname()).filter(n -> n == node).isPresent()) {
            lastSeen.put(s.hostname(), Instant.now());
        }
        ovsdb.computeIfPresent(node.connectionId(), (id, m) -> m.node() == node ? null : m);
    }

    /** Since when {@code hostname}'s OVSDB connection has been up; empty when it is not connected. */
    public Optional<Instant> connectedSince(String hostname) {
        return ovsdbOf(hostname).map(n -> ovsdb.get(n.connectionId())).filter(m -> m != null).map(Member::since);
    }

    /** When {@code hostname}'s OVSDB connection last went down; empty if this controller never saw it go. */
    public Optional<Instant> lastSeen(String hostname) {
        return Optional.ofNullable(lastSeen.get(hostname));
    }

    /** Why this OVSDB connection may not be the host its row now claims; empty if it may. */
    public Optional<String> refusal(OvsdbNode node) {
        Member m = ovsdb.get(node.connectionId());
        NodeIdentity identity = m != null && m.node() == node ? m.identity() : NodeIdentity.of(node.tlsSession());
        NodeState s = node.state();
        return identity.refusalAsHost(s == null ? null : s.hostname());
    }

    /**
     * Why this switch, handshake done, may not take its datapath id; empty if it may. Over TLS,
     * the id must be one Muon derives from the certificate's name for br-int, br-tun or a bridge
     * the node shows or maps (a physical bridge is known once the node's OVSDB is); unless it is
     * the node's own br-int or br-tun, it must not be the id of a bridge of another connected node
     * (a bridge name chosen to collide with it); and it may not be taken from a connected switch
     * certified under another name (of two colliding chosen bridges, the first connected keeps it). A plain connection
     * may not take the id of a connected switch that holds a certificate.
     */
    public Optional<String> refusal(OpenFlowSwitch sw) {
        return refusal(sw.datapathId(), NodeIdentity.of(sw.tlsSession()));
    }

    Optional<String> refusal(long datapathId, NodeIdentity identity) {
        Switch holder = switches.get(datapathId);
        NodeIdentity held = holder != null && holder.sw().isConnected() ? holder.identity() : NodeIdentity.PLAIN;
        if (!identity.tls()) {
            return held.tls() ? Optional.of("plain TCP may not take datapath id " + DatapathIds.hex(datapathId)
                    + " from its connected TLS switch") : Optional.empty();
        }
        Map<String, NodeState> nodes = nodeStates();
        NodeState own = identity.name() == null ? null : nodes.get(identity.name());
        Optional<String> refusal = identity.refusalAsSwitch(datapathId, bridgesOf(identity.name(), own));
        if (refusal.isPresent()) {
            return refusal;
        }
        if (held.tls() && !identity.name().equals(held.name())) {
            return Optional.of("certificate names '" + identity.name() + "' but datapath id " + DatapathIds.hex(datapathId)
                    + " is held by connected switch '" + held.name() + "'");
        }
        boolean fixedBridge = datapathId == DatapathIds.of(identity.name(), Bridges.INTEGRATION)
                || datapathId == DatapathIds.of(identity.name(), Bridges.TUNNEL);
        for (Map.Entry<String, NodeState> e : nodes.entrySet()) {
            if (fixedBridge || e.getKey().equals(identity.name())) {
                continue;   // a node's own br-int and br-tun: names it did not choose to collide
            }
            for (String bridge : bridgesOf(e.getKey(), e.getValue())) {
                if (DatapathIds.of(e.getKey(), bridge) == datapathId) {
                    return Optional.of("certificate names '" + identity.name() + "' but datapath id "
                            + DatapathIds.hex(datapathId) + " is node " + e.getKey() + "'s " + bridge);
                }
            }
        }
        return Optional.empty();
    }

    /** br-int, br-tun and the bridges a node shows or maps. */
    private static Set<String> bridgesOf(String hostname, NodeState s) {
        Set<String> bridges = new TreeSet<>(Set.of(Bridges.INTEGRATION, Bridges.TUNNEL));
        if (hostname != null && s != null) {
            bridges.addAll(s.bridges());
            bridges.addAll(s.config().bridgeMappings().values());
        }
        return bridges;
    }

    public void switchUp(OpenFlowSwitch sw) {
        switchUp(sw, NodeIdentity.of(sw.tlsSession()));
    }

    void switchUp(OpenFlowSwitch sw, NodeIdentity identity) {
        switches.put(sw.datapathId(), new Switch(sw, identity));
    }

    public void switchDown(OpenFlowSwitch sw) {
        switches.computeIfPresent(sw.datapathId(), (id, held) -> held.sw() == sw ? null : held);
    }

    /** Connected nodes that declared a hostname their identity allows, by hostname (each hostname's holder only). */
    public Map<String, NodeState> nodeStates() {
        return claims.nodeStates(admitted());
    }

    public Optional<OvsdbNode> ovsdbOf(String hostname) {
        return claims.holderOf(hostname, admitted());
    }

    public Optional<OpenFlowSwitch> switchOf(String hostname, String bridge) {
        return Optional.ofNullable(switches.get(DatapathIds.of(hostname, bridge))).map(Switch::sw);
    }

    /** The OVSDB connections whose identity allows the hostname their row claims now. */
    private List<OvsdbNode> admitted() {
        List<OvsdbNode> out = new ArrayList<>();
        for (Member m : ovsdb.values()) {
            NodeState s = m.node().state();
            if (s != null && s.config() != null && m.identity().refusalAsHost(s.hostname()).isEmpty()) {
                out.add(m.node());
            }
        }
        return out;
    }

    private boolean certified(OvsdbNode node) {
        Member m = ovsdb.get(node.connectionId());
        return m != null && m.node() == node && m.identity().tls();
    }
}
