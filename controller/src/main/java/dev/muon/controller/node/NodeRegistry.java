package dev.muon.controller.node;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ovsdb.OvsdbNode;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.node.NodeState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes connected right now: their OVSDB sessions (by connection) and their bridges'
 * OpenFlow connections (by datapath id, which Muon derives from hostname and bridge).
 */
public final class NodeRegistry {
    private final Map<String, OvsdbNode> ovsdb = new ConcurrentHashMap<>();
    private final Map<Long, OpenFlowSwitch> switches = new ConcurrentHashMap<>();
    /** Who is which hostname when two connections claim one (issue 13): the live holder. */
    private final HostnameClaims claims = new HostnameClaims();

    public void ovsdbUp(OvsdbNode node) {
        ovsdb.put(node.connectionId(), node);
    }

    public void ovsdbDown(OvsdbNode node) {
        ovsdb.remove(node.connectionId(), node);
    }

    public void switchUp(OpenFlowSwitch sw) {
        switches.put(sw.datapathId(), sw);
    }

    public void switchDown(OpenFlowSwitch sw) {
        switches.remove(sw.datapathId(), sw);
    }

    /** Connected nodes that declared a hostname, by hostname (each hostname's holder only). */
    public Map<String, NodeState> nodeStates() {
        return claims.nodeStates(ovsdb.values());
    }

    public Optional<OvsdbNode> ovsdbOf(String hostname) {
        return claims.holderOf(hostname, ovsdb.values());
    }

    public Optional<OpenFlowSwitch> switchOf(String hostname, String bridge) {
        return Optional.ofNullable(switches.get(DatapathIds.of(hostname, bridge)));
    }
}
