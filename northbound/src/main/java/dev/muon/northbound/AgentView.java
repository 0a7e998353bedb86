package dev.muon.northbound;

import java.time.Instant;
import java.util.Map;

/**
 * One node as Neutron's agent API shows it: an Open vSwitch agent on {@code host}.
 *
 * @param alive            its OVSDB and br-int OpenFlow connections are up
 * @param heartbeat        now for a live node, else when it was last seen
 * @param startedAt        when its current (or last) connection came up; null if never seen by this controller
 * @param configurations   what Neutron's OVS agent reports about itself, from the node's declaration
 */
public record AgentView(String id, String agentType, String binary, String topic, String host, boolean alive,
                        boolean adminStateUp, String description, String availabilityZone,
                        Map<String, Object> configurations, Instant heartbeat, Instant startedAt,
                        Instant createdAt) {

    public AgentView {
        configurations = Map.copyOf(configurations);
    }
}
