package dev.muon.ovsdb;

import dev.muon.ovsdb.OvsdbSnapshot.BridgeRow;
import dev.muon.ovsdb.OvsdbSnapshot.InterfaceRow;
import dev.muon.ovsdb.OvsdbSnapshot.PortRow;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import dev.muon.pipeline.node.WarningThrottle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a node's cached database into the {@link NodeState} the controller works with.
 * One per connection: it remembers the last configuration complaint so a node with a
 * malformed external_id is reported once, not on every update.
 */
final class NodeStateMapper {

    private static final Logger log = LoggerFactory.getLogger(NodeStateMapper.class);
    /** Apart from the protocol warnings, so that a flood of garbage does not hide why a node is refused. */
    private static final WarningThrottle COMPLAINTS = new WarningThrottle(1, TimeUnit.SECONDS);

    private final String connectionId;
    private String lastComplaint;

    NodeStateMapper(String connectionId) {
        this.connectionId = connectionId;
    }

    NodeState map(OvsdbSnapshot db) {
        Set<String> bridgeNames = new LinkedHashSet<>();
        List<ObservedInterface> observed = new ArrayList<>();
        for (BridgeRow bridge : db.attachedBridges()) {
            bridgeNames.add(bridge.name());
            for (PortRow port : db.portsOf(bridge)) {
                for (InterfaceRow iface : db.interfacesOf(port)) {
                    observed.add(new ObservedInterface(iface.name(), bridge.name(), iface.type(),
                            usableOfport(iface.ofport()), port.tag(), iface.externalIds(), iface.options()));
                }
            }
        }
        return new NodeState(connectionId, config(db), bridgeNames, observed);
    }

    /** OVS writes -1 when it could not add the interface; that is as good as none. */
    private static Integer usableOfport(Integer ofport) {
        return ofport == null || ofport < 0 ? null : ofport;
    }

    private NodeConfig config(OvsdbSnapshot db) {
        Map<String, String> ids = db.root() == null ? Map.of() : db.root().externalIds();
        try {
            NodeConfig config = NodeConfig.fromExternalIds(ids);
            lastComplaint = null;
            return config;
        } catch (IllegalArgumentException e) {
            if (!Objects.equals(lastComplaint, e.getMessage())) {
                lastComplaint = e.getMessage();
                long suppressed = COMPLAINTS.admit();
                if (suppressed >= 0) {
                    log.warn("OVS node at {} (hostname '{}') is not usable until its Open_vSwitch external_ids "
                            + "are fixed: {}{}", connectionId, NodeConfig.shown(ids.getOrDefault(NodeConfig.HOSTNAME, "")),
                            e.getMessage(), WarningThrottle.suppressedNote(suppressed));
                }
            }
            return null;
        }
    }
}
