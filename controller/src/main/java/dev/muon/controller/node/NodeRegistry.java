package dev.muon.controller.node;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ovsdb.OvsdbNode;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.node.NodeState;
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
    private final Map<Long, OpenFlowSwitch> switches = new ConcurrentHashMap<>();
    private final AtomicLong arrivals = new AtomicLong();

    private record Member(OvsdbNode node, NodeIdentity identity, long arrival) {
    }

    /** Among the connections their identities admit, who is which hostname and encap IP: the live holder. */
    private final HostnameClaims claims = new HostnameClaims(this::certified);

    public void ovsdbUp(OvsdbNode node) {
        ovsdb.put(node.connectionId(), new Member(node, NodeIdentity.of(node.tlsSession()), arrivals.incrementAndGet()));
    }

    public void ovsdbDown(OvsdbNode node) {
        ovsdb.computeIfPresent(node.connectionId(), (id, m) -> m.node() == node ? null : m);
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
     * the node shows or maps (a physical bridge is known once the node's OVSDB is). A plain
     * connection may not take the id of a connected switch that holds a certificate.
     */
    public Optional<String> refusal(OpenFlowSwitch sw) {
        NodeIdentity identity = NodeIdentity.of(sw.tlsSession());
        if (!identity.tls()) {
            OpenFlowSwitch holder = switches.get(sw.datapathId());
            if (holder != null && holder.isConnected() && NodeIdentity.of(holder.tlsSession()).tls()) {
                return Optional.of("plain TCP may not take datapath id " + DatapathIds.hex(sw.datapathId())
                        + " from its connected TLS switch");
            }
            return Optional.empty();
        }
        Set<String> bridges = new TreeSet<>(Set.of(Bridges.INTEGRATION, Bridges.TUNNEL));
        if (identity.name() != null) {
            NodeState s = nodeStates().get(identity.name());
            if (s != null) {
                bridges.addAll(s.bridges());
                bridges.addAll(s.config().bridgeMappings().values());
            }
        }
        return identity.refusalAsSwitch(sw.datapathId(), bridges);
    }

    public void switchUp(OpenFlowSwitch sw) {
        switches.put(sw.datapathId(), sw);
    }

    public void switchDown(OpenFlowSwitch sw) {
        switches.remove(sw.datapathId(), sw);
    }

    /** Connected nodes that declared a hostname their identity allows, by hostname (each hostname's holder only). */
    public Map<String, NodeState> nodeStates() {
        return claims.nodeStates(admitted());
    }

    public Optional<OvsdbNode> ovsdbOf(String hostname) {
        return claims.holderOf(hostname, admitted());
    }

    public Optional<OpenFlowSwitch> switchOf(String hostname, String bridge) {
        return Optional.ofNullable(switches.get(DatapathIds.of(hostname, bridge)));
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
