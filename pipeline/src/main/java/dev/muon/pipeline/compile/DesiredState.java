package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Meter;
import java.util.List;
import java.util.Map;

/**
 * Everything Muon wants on one node: the bridges and ports it owns (OVSDB), the access
 * tag of each VIF port on br-int (by port name), the flows of each bridge and the meters they
 * use (a bridge holds exactly these: a meter no flow uses is deleted), what logical
 * object each cookie stands for, warnings for the operator (e.g. a port whose network
 * the node cannot carry), how each plugged port is wired (what its binding reports), and the
 * addresses it answers for on external networks.
 */
public record DesiredState(
        String hostname,
        List<BridgeSpec> bridges,
        Map<String, Integer> vifTags,
        Map<String, List<Flow>> flows,
        Map<String, List<Meter>> meters,
        Map<Long, String> cookieOwners,
        List<String> warnings,
        Map<String, PortWiring> portWiring,
        List<ExternalAddress> externalAddresses) {

    public DesiredState {
        externalAddresses = List.copyOf(externalAddresses);
        bridges = List.copyOf(bridges);
        vifTags = Map.copyOf(vifTags);
        flows = Map.copyOf(flows);
        meters = Map.copyOf(meters);
        cookieOwners = Map.copyOf(cookieOwners);
        warnings = List.copyOf(warnings);
        portWiring = Map.copyOf(portWiring);
    }

    public DesiredState(String hostname, List<BridgeSpec> bridges, Map<String, Integer> vifTags,
                        Map<String, List<Flow>> flows, Map<Long, String> cookieOwners) {
        this(hostname, bridges, vifTags, flows, Map.of(), cookieOwners, List.of(), Map.of(), List.of());
    }

    /** How the port's VIF is wired on this node, if it is plugged here. */
    public java.util.Optional<PortWiring> wiring(String portId) {
        return java.util.Optional.ofNullable(portWiring.get(portId));
    }

    public List<Flow> flows(String bridge) {
        return flows.getOrDefault(bridge, List.of());
    }

    public List<Meter> meters(String bridge) {
        return meters.getOrDefault(bridge, List.of());
    }
}
