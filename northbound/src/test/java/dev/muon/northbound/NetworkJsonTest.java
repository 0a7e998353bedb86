package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.muon.northbound.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkJsonTest {

    @Test
    void rendersEveryAttributeTheCliShows() {
        ObjectNode n = NetworkJson.render(new NetworkView(Fixtures.network(), List.of(Fixtures.SUBNET_ID)));
        Set<String> expected = Set.of("id", "name", "description", "project_id", "tenant_id", "created_at",
                "updated_at", "revision_number", "tags", "admin_state_up", "status", "shared", "router:external",
                "subnets", "mtu", "port_security_enabled", "availability_zones", "availability_zone_hints",
                "ipv4_address_scope", "ipv6_address_scope", "provider:network_type", "provider:physical_network",
                "provider:segmentation_id", "l2_adjacency", "dns_domain");
        assertEquals(new TreeSet<>(expected), fieldNames(n));
        assertEquals("2024-05-01T10:00:00Z", n.get("created_at").asText());
        assertEquals("2024-05-01T10:05:00Z", n.get("updated_at").asText());
        assertEquals("p1", n.get("tenant_id").asText());
        assertEquals("vxlan", n.get("provider:network_type").asText());
        assertEquals(1000, n.get("provider:segmentation_id").asInt());
        assertTrue(n.get("provider:physical_network").isNull());
        assertEquals(Fixtures.SUBNET_ID, n.get("subnets").get(0).asText());
        assertTrue(n.get("tags").isArray());
        assertEquals(1450, n.get("mtu").asInt());
    }

    @Test
    void everyRenderedAttributeIsKnownToTheSpecSoItCanBeFiltered() {
        ObjectNode n = NetworkJson.render(new NetworkView(Fixtures.network(), List.of()));
        n.fieldNames().forEachRemaining(f -> assertTrue(NetworkJson.ATTRIBUTES.knows(f), f));
    }

    @Test
    void parsesCreateWithProviderAttributesAndStringForms() {
        NetworkRequest r = NetworkJson.parse(json("{'name':'n','admin_state_up':'false','shared':true,"
                + "'provider:network_type':'vlan','provider:physical_network':'physnet1',"
                + "'provider:segmentation_id':'100','router:external':true}"), Operation.CREATE, Fixtures.ADMIN);
        assertEquals("n", r.name());
        assertFalse(r.adminStateUp());
        assertTrue(r.shared());
        assertTrue(r.external());
        assertEquals("vlan", r.networkType());
        assertEquals("physnet1", r.physicalNetwork());
        assertEquals(100, r.segmentationId());
        assertNull(r.mtu());
    }

    @Test
    void theProjectIsWhatTheBodyNamesAndNoneLeavesItToTheService() {
        assertEquals("body", NetworkJson.parse(json("{'tenant_id':'body'}"), Operation.CREATE, Fixtures.ADMIN)
                .projectId());
        assertNull(NetworkJson.parse(json("{}"), Operation.CREATE, Fixtures.MEMBER).projectId());
        NeutronException e = assertThrows(NeutronException.class, () ->
                NetworkJson.parse(json("{'tenant_id':'a','project_id':'b'}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals(400, e.status());
    }

    @Test
    void onlyAdminsSetProviderSharedExternalAndDefault() {
        for (String body : List.of("{'shared':true}", "{'router:external':true}", "{'is_default':true}",
                "{'provider:network_type':'vxlan'}")) {
            NeutronException e = assertThrows(NeutronException.class, () ->
                    NetworkJson.parse(json(body), Operation.CREATE, Fixtures.MEMBER));
            assertEquals(403, e.status(), body);
            assertEquals("PolicyNotAuthorized", e.type());
        }
        NeutronException e = assertThrows(NeutronException.class, () ->
                NetworkJson.parse(json("{'shared':true}"), Operation.UPDATE, Fixtures.MEMBER));
        assertEquals("(rule:update_network and rule:update_network:shared) is disallowed by policy", e.getMessage());
    }

    @Test
    void providerAttributesAreHiddenFromNonAdmins() {
        ObjectNode n = NetworkJson.ATTRIBUTES.hide(
                NetworkJson.render(new NetworkView(Fixtures.network(), List.of())), Fixtures.MEMBER);
        assertFalse(n.has("provider:network_type"));
        assertFalse(n.has("provider:segmentation_id"));
        assertTrue(n.has("router:external"));
        ObjectNode admin = NetworkJson.ATTRIBUTES.hide(
                NetworkJson.render(new NetworkView(Fixtures.network(), List.of())), Fixtures.ADMIN);
        assertTrue(admin.has("provider:segmentation_id"));
    }

    @Test
    void isDefaultIsShownOnExternalNetworksOnly() {
        assertFalse(NetworkJson.render(new NetworkView(Fixtures.network(), List.of())).has("is_default"));
        var n = Fixtures.network();
        var external = new dev.muon.pipeline.model.Network(n.id(), n.name(), "", n.projectId(), true, false, true,
                n.networkType(), null, n.segmentationId(), 1450, "ACTIVE", n.createdAt(), n.updatedAt(), 1, true,
                true, List.of("b", "a"));
        ObjectNode rendered = NetworkJson.render(new NetworkView(external, List.of()));
        assertTrue(rendered.get("is_default").asBoolean());
        assertEquals("[\"a\",\"b\"]", rendered.get("tags").toString());
    }

    @Test
    void refusesUnknownAttributesLikeNeutron() {
        NeutronException e = assertThrows(NeutronException.class, () ->
                NetworkJson.parse(json("{'name':'n','colour':'red'}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals(400, e.status());
        assertEquals("HTTPBadRequest", e.type());
        assertEquals("Unrecognized attribute(s) 'colour'", e.getMessage());
    }

    @Test
    void refusesWrongTypes() {
        NeutronException e = assertThrows(NeutronException.class, () ->
                NetworkJson.parse(json("{'admin_state_up':'maybe'}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals(400, e.status());
        assertEquals("Invalid input for admin_state_up. Reason: 'maybe' cannot be converted to boolean.",
                e.getMessage());
        e = assertThrows(NeutronException.class, () ->
                NetworkJson.parse(json("{'name':42}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals("Invalid input for name. Reason: '42' is not a valid string.", e.getMessage());
        e = assertThrows(NeutronException.class, () ->
                NetworkJson.parse(json("{'mtu':'big'}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals(400, e.status());
    }

    @Test
    void refusesReadOnlyOnCreateAndCreateOnlyOnUpdate() {
        NeutronException e = assertThrows(NeutronException.class, () ->
                NetworkJson.parse(json("{'id':'x'}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals("Attribute 'id' not allowed in POST", e.getMessage());
        e = assertThrows(NeutronException.class, () ->
                NetworkJson.parse(json("{'tenant_id':'x'}"), Operation.UPDATE, Fixtures.ADMIN));
        assertEquals("Cannot update read-only attribute tenant_id", e.getMessage());
    }

    static Set<String> fieldNames(ObjectNode n) {
        Set<String> names = new TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
