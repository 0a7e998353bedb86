package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.HostRoute;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.muon.northbound.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubnetJsonTest {

    @Test
    void rendersNeutronShape() {
        ObjectNode s = SubnetJson.ATTRIBUTES.withoutHidden(SubnetJson.render(new SubnetView(Fixtures.subnet(), true)));
        Set<String> expected = Set.of("id", "name", "description", "project_id", "tenant_id", "created_at",
                "updated_at", "revision_number", "tags", "network_id", "ip_version", "cidr", "gateway_ip",
                "allocation_pools", "host_routes", "dns_nameservers", "enable_dhcp", "subnetpool_id",
                "ipv6_ra_mode", "ipv6_address_mode", "service_types");
        assertEquals(new TreeSet<>(expected), NetworkJsonTest.fieldNames(s));
        assertEquals("10.0.0.2", s.get("allocation_pools").get(0).get("start").asText());
        assertEquals("10.0.0.254", s.get("allocation_pools").get(0).get("end").asText());
        assertEquals(4, s.get("ip_version").asInt());
        assertTrue(s.get("subnetpool_id").isNull());
        s.fieldNames().forEachRemaining(f -> assertTrue(SubnetJson.ATTRIBUTES.knows(f), f));
    }

    @Test
    void gatewayNullDiffersFromAbsent() {
        assertNull(SubnetJson.parse(json("{'cidr':'10.0.0.0/24'}"), Operation.CREATE, Fixtures.ADMIN).gatewayIp());
        assertEquals(Optional.empty(),
                SubnetJson.parse(json("{'gateway_ip':null}"), Operation.CREATE, Fixtures.ADMIN).gatewayIp());
        assertEquals(Optional.of("10.0.0.254"),
                SubnetJson.parse(json("{'gateway_ip':'10.0.0.254'}"), Operation.CREATE, Fixtures.ADMIN).gatewayIp());
    }

    @Test
    void parsesPoolsRoutesAndNameservers() {
        SubnetRequest r = SubnetJson.parse(json("{'network_id':'" + Fixtures.NET_ID + "','ip_version':4,"
                + "'cidr':'10.0.0.0/24','allocation_pools':[{'start':'10.0.0.10','end':'10.0.0.20'}],"
                + "'host_routes':[{'destination':'10.1.0.0/16','nexthop':'10.0.0.5'}],"
                + "'dns_nameservers':['8.8.8.8'],'enable_dhcp':false}"), Operation.CREATE, Fixtures.ADMIN);
        assertEquals(List.of(new AllocationPool("10.0.0.10", "10.0.0.20")), r.allocationPools());
        assertEquals(List.of(new HostRoute("10.1.0.0/16", "10.0.0.5")), r.hostRoutes());
        assertEquals(List.of("8.8.8.8"), r.dnsNameservers());
        assertEquals(4, r.ipVersion());
    }

    @Test
    void parsesPoolAllocationRequests() {
        SubnetRequest r = SubnetJson.parse(json("{'network_id':'" + Fixtures.NET_ID + "','ip_version':4,"
                + "'use_default_subnetpool':true,'prefixlen':26}"), Operation.CREATE, Fixtures.ADMIN);
        assertTrue(r.useDefaultSubnetpool());
        assertEquals(26, r.prefixlen());
        assertNull(r.cidr());
    }

    @Test
    void refusesMalformedPoolsAndIds() {
        NeutronException e = assertThrows(NeutronException.class, () -> SubnetJson.parse(
                json("{'allocation_pools':[{'start':'10.0.0.10'}]}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals("Invalid input for allocation_pools. Reason: Key 'end' is missing.", e.getMessage());
        e = assertThrows(NeutronException.class, () -> SubnetJson.parse(
                json("{'network_id':'net1'}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals("Invalid input for network_id. Reason: 'net1' is not a valid UUID.", e.getMessage());
        e = assertThrows(NeutronException.class, () -> SubnetJson.parse(
                json("{'cidr':'10.1.0.0/24'}"), Operation.UPDATE, Fixtures.ADMIN));
        assertEquals("Cannot update read-only attribute cidr", e.getMessage());
        e = assertThrows(NeutronException.class, () -> SubnetJson.parse(
                json("{'dns_nameservers':'8.8.8.8'}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals(400, e.status());
    }
}
