package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.FloatingIp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloatingIpJsonTest {
    private static final String FIP_ID = "0a6f5d0c-2a9b-4c5e-9c0b-3f4e5d6a7b8c";

    private static FloatingIp floatingIp(boolean associated) {
        return new FloatingIp(FIP_ID, "", "p1", "ext-net", "192.168.0.3", "fip-port",
                associated ? Fixtures.PORT_ID : null, associated ? "10.0.0.11" : null,
                associated ? "r1" : null, "DOWN", List.of(), Fixtures.CREATED, Fixtures.UPDATED, 2);
    }

    @Test
    void rendersEveryAttributeNeutronShows() {
        ObjectNode f = FloatingIpJson.render(new FloatingIpView(floatingIp(false), null));
        Set<String> expected = Set.of("id", "description", "project_id", "tenant_id", "created_at", "updated_at",
                "revision_number", "tags", "floating_ip_address", "floating_network_id", "router_id", "port_id",
                "fixed_ip_address", "status", "port_details");
        assertEquals(new TreeSet<>(expected), NetworkJsonTest.fieldNames(f));
        f.fieldNames().forEachRemaining(name -> assertTrue(FloatingIpJson.ATTRIBUTES.knows(name), name));
    }

    @Test
    void portDetailsIsNullWhenNotAssociated() {
        ObjectNode f = FloatingIpJson.render(new FloatingIpView(floatingIp(false), null));
        assertTrue(f.has("port_details") && f.get("port_details").isNull());
    }

    @Test
    void portDetailsSummarizesTheAssociatedPort() {
        ObjectNode f = FloatingIpJson.render(new FloatingIpView(floatingIp(true), Fixtures.port("node1")));
        JsonNode d = f.get("port_details");
        assertEquals(new TreeSet<>(Set.of("name", "network_id", "mac_address", "admin_state_up", "status",
                "device_id", "device_owner")), NetworkJsonTest.fieldNames((ObjectNode) d));
        assertEquals("port1", d.get("name").asText());
        assertEquals(Fixtures.NET_ID, d.get("network_id").asText());
        assertEquals("fa:16:3e:f8:b0:1a", d.get("mac_address").asText());
        assertTrue(d.get("admin_state_up").asBoolean());
        assertEquals("ACTIVE", d.get("status").asText());
        assertEquals("", d.get("device_id").asText());
        assertEquals("", d.get("device_owner").asText());
    }

    @Test
    void portDetailsIsReadOnlyAndSelectable() {
        ObjectNode f = FloatingIpJson.render(new FloatingIpView(floatingIp(true), Fixtures.port("node1")));
        ObjectNode selected = FieldSelector.from(List.of("id,port_details")).apply(f);
        assertEquals(new TreeSet<>(Set.of("id", "port_details")), NetworkJsonTest.fieldNames(selected));
        NeutronException e = assertThrows(NeutronException.class,
                () -> FloatingIpJson.parse(Fixtures.json("{'port_details': null}"), Operation.UPDATE, Fixtures.ADMIN));
        assertEquals(400, e.status());
    }
}
