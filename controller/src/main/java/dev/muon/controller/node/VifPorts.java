package dev.muon.controller.node;

import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Neutron port plugged on an OpenFlow port of a node's br-int, as OVSDB reports it: how a
 * packet-in's sender is found (DHCP's client, the VM a router answers with an ICMP error).
 *
 * <p>Asked once per packet-in, so each node's br-int datapath id and its VIFs by ofport are
 * indexed once per {@link NodeState} (a node's state is replaced, never changed, on every OVSDB
 * update) rather than scanned and hashed per packet.
 */
public final class VifPorts {
    /** By hostname: the index of the last state seen of that node. */
    private static final Map<String, Index> INDEXES = new ConcurrentHashMap<>();

    private VifPorts() {
    }

    /** @param ifaceIds br-int's VIFs with an ofport: the iface-id of the first on each ofport */
    private record Index(NodeState node, long dpid, Map<Integer, String> ifaceIds) {
        static Index of(NodeState node) {
            Map<Integer, String> ifaceIds = new HashMap<>();
            for (ObservedInterface i : node.vifs(Bridges.INTEGRATION)) {
                if (i.hasOfport()) {
                    ifaceIds.putIfAbsent(i.ofport(), i.ifaceId());
                }
            }
            return new Index(node, DatapathIds.of(node.hostname(), Bridges.INTEGRATION), ifaceIds);
        }
    }

    public static Optional<Port> at(Map<String, NodeState> nodes, long dpid, int ofport, NetworkModel model) {
        for (NodeState node : nodes.values()) {
            if (node.hostname() != null) {
                Index index = indexOf(node);
                if (index.dpid() == dpid) {
                    return Optional.ofNullable(index.ifaceIds().get(ofport)).flatMap(model::port);
                }
            }
        }
        return Optional.empty();
    }

    private static Index indexOf(NodeState node) {
        Index index = INDEXES.get(node.hostname());
        if (index == null || index.node() != node) {   // the same state, not an equal one
            index = Index.of(node);
            INDEXES.put(node.hostname(), index);
        }
        return index;
    }
}
