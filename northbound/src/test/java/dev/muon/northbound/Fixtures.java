package dev.muon.northbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Model values and JSON helpers shared by the northbound tests. */
final class Fixtures {
    static final Instant CREATED = Instant.parse("2024-05-01T10:00:00.123456Z");
    static final Instant UPDATED = Instant.parse("2024-05-01T10:05:00.999Z");
    static final String NET_ID = "4cd5e1e1-3a94-4df8-b570-3a904e62c045";
    static final String SUBNET_ID = "a69ebbd5-f759-4eec-be07-82811b8e8865";
    static final String PORT_ID = "27a50f53-f1e9-41ac-a3cb-8e8b1934defb";

    /** The no-auth identity: an admin of project p1. */
    static final RequestContext ADMIN = RequestContext.admin("p1", "admin");
    /** A member (not admin) of project p1. */
    static final RequestContext MEMBER = new RequestContext("p1", "u1", java.util.Set.of("member"), null);

    private Fixtures() {
    }

    static PortView portView(String host) {
        return new PortView(port(host), null);
    }

    static Network network() {
        return new Network(NET_ID, "net1", "", "p1", true, false, false, NetworkType.VXLAN, null, 1000, 1450,
                "ACTIVE", CREATED, UPDATED, 2, false, true, List.of());
    }

    static Subnet subnet() {
        return new Subnet(SUBNET_ID, "sub1", "", "p1", NET_ID, 4, "10.0.0.0/24", "10.0.0.1",
                List.of(new AllocationPool("10.0.0.2", "10.0.0.254")), true, List.of(), List.of(), CREATED,
                CREATED, 1, null, List.of());
    }

    static Port port(String host) {
        return new Port(PORT_ID, "port1", "", "p1", NET_ID, "fa:16:3e:f8:b0:1a",
                List.of(new FixedIp(SUBNET_ID, "10.0.0.11")), true, host.isEmpty() ? "DOWN" : "ACTIVE", "", "",
                host, true, List.of(new AllowedAddressPair("10.0.0.200", null)), CREATED, CREATED, 1,
                List.of(), Map.of(), List.of());
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
