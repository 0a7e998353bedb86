package dev.muon.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a simulated node is set up, as an operator sets up a real one for Muon: the
 * Open_vSwitch external_ids the controller reads (hostname, muon-encap-ip, muon-role,
 * muon-bridge-mappings, muon-datapath-type, muon-openflow-target; see
 * dev.muon.pipeline.node.NodeConfig and test-topologies/ovs-node.sh).
 *
 * @param role           "compute" or "network"
 * @param bridgeMappings physical network to bridge, written as physnet1:br-eth1,...
 * @param openflowTarget the controller target the node asks for, or null for the default
 * @param nics           the host's network devices: a system interface naming one of them
 *                       gets an ofport, any other fails as on a host without that device
 */
public record NodeConfig(String hostname, String encapIp, String role, Map<String, String> bridgeMappings,
                         String datapathType, String openflowTarget, Set<String> nics) {

    public NodeConfig {
        bridgeMappings = Map.copyOf(bridgeMappings);
        nics = Set.copyOf(nics);
    }

    /** A compute node with the userspace datapath, no physical networks. */
    public static NodeConfig compute(String hostname, String encapIp) {
        return new NodeConfig(hostname, encapIp, "compute", Map.of(), "netdev", null, Set.of());
    }

    public NodeConfig withBridgeMappings(Map<String, String> mappings) {
        return new NodeConfig(hostname, encapIp, role, mappings, datapathType, openflowTarget, nics);
    }

    public NodeConfig withRole(String newRole) {
        return new NodeConfig(hostname, encapIp, newRole, bridgeMappings, datapathType, openflowTarget, nics);
    }

    public NodeConfig withNics(Set<String> devices) {
        return new NodeConfig(hostname, encapIp, role, bridgeMappings, datapathType, openflowTarget, devices);
    }

    /** The Open_vSwitch external_ids that declare the node to Muon. */
    public Map<String, String> externalIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("hostname", hostname);
        if (encapIp != null) {
            ids.put("muon-encap-ip", encapIp);
        }
        ids.put("muon-role", role);
        ids.put("muon-bridge-mappings", bridgeMappings.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).sorted().collect(Collectors.joining(",")));
        if (datapathType != null) {
            ids.put("muon-datapath-type", datapathType);
        }
        if (openflowTarget != null) {
            ids.put("muon-openflow-target", openflowTarget);
        }
        return ids;
    }
}
