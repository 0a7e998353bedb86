package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.muon.northbound.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortJsonTest {

    @Test
    void rendersUnboundPort() {
        ObjectNode p = PortJson.render(Fixtures.portView(""));
        Set<String> expected = Set.of("id", "name", "description", "project_id", "tenant_id", "created_at",
                "updated_at", "revision_number", "tags", "network_id", "mac_address", "fixed_ips", "admin_state_up",
                "status", "device_id", "device_owner", "binding:host_id", "binding:vif_type", "binding:vnic_type",
                "binding:profile", "binding:vif_details", "security_groups", "allowed_address_pairs",
                "port_security_enabled", "ip_allocation", "extra_dhcp_opts", "dns_name", "dns_domain", "dns_assignment");
        assertEquals(new TreeSet<>(expected), NetworkJsonTest.fieldNames(p));
        assertEquals("unbound", p.get("binding:vif_type").asText());
        assertEquals("DOWN", p.get("status").asText());
        assertEquals("", p.get("binding:host_id").asText());
        assertEquals(0, p.get("binding:vif_details").size());
        assertEquals("normal", p.get("binding:vnic_type").asText());
        assertEquals("10.0.0.11", p.get("fixed_ips").get(0).get("ip_address").asText());
        assertEquals(Fixtures.SUBNET_ID, p.get("fixed_ips").get(0).get("subnet_id").asText());
        // An address pair without a MAC shows the port's own MAC, as Neutron does.
        assertEquals("fa:16:3e:f8:b0:1a", p.get("allowed_address_pairs").get(0).get("mac_address").asText());
        p.fieldNames().forEachRemaining(f -> assertTrue(PortJson.ATTRIBUTES.knows(f), f));
    }

    @Test
    void rendersBoundPortForOvs() {
        ObjectNode p = PortJson.render(Fixtures.portView("node1"));
        assertEquals("ovs", p.get("binding:vif_type").asText());
        assertEquals("node1", p.get("binding:host_id").asText());
        assertEquals("ACTIVE", p.get("status").asText());
        assertTrue(p.get("binding:vif_details").get("port_filter").asBoolean());
    }

    @Test
    void bindingIsShownToAdminsOnlyAndProfileKept() {
        PortRequest r = PortJson.parse(json("{'binding:profile':{'migrating_to':'node2','n':[1]}}"),
                Operation.UPDATE, Fixtures.ADMIN);
        assertEquals(java.util.Map.of("migrating_to", "node2", "n", List.of(1)), r.bindingProfile());
        ObjectNode hidden = PortJson.ATTRIBUTES.hide(PortJson.render(Fixtures.portView("node1")), Fixtures.MEMBER);
        assertTrue(!hidden.has("binding:host_id") && !hidden.has("binding:vif_type") && !hidden.has("binding:profile"));
        NeutronException e = assertThrows(NeutronException.class, () -> PortJson.parse(
                json("{'binding:host_id':'node1'}"), Operation.UPDATE, Fixtures.MEMBER));
        assertEquals(403, e.status());
    }

    @Test
    void trunkParentShowsTrunkDetails() {
        var sub = new dev.muon.pipeline.model.SubPort("sp", "vlan", 1100);
        ObjectNode p = PortJson.render(new PortView(Fixtures.port(""), new PortView.TrunkDetails("t1",
                List.of(new PortView.SubPortDetail(sub, "fa:16:3e:00:00:02")))));
        assertEquals("t1", p.get("trunk_details").get("trunk_id").asText());
        assertEquals(1100, p.get("trunk_details").get("sub_ports").get(0).get("segmentation_id").asInt());
        assertEquals("fa:16:3e:00:00:02", p.get("trunk_details").get("sub_ports").get(0).get("mac_address").asText());
    }

    @Test
    void aBoundTrunkParentIsPluggedIntoItsTrunkBridge() {
        PortView parent = new PortView(Fixtures.port("node1"), new PortView.TrunkDetails(
                "3b9bb4f7-ae10-477e-9178-e870f134e3f0", List.of()));
        assertEquals("tbr-3b9bb4f7-a", PortJson.render(parent).get("binding:vif_details").get("bridge_name").asText());
        assertEquals("br-int", PortJson.render(Fixtures.portView("node1")).get("binding:vif_details")
                .get("bridge_name").asText());
    }

    @Test
    void parsesFixedIpsAndAddressPairs() {
        PortRequest r = PortJson.parse(json("{'network_id':'" + Fixtures.NET_ID + "','fixed_ips':["
                + "{'subnet_id':'" + Fixtures.SUBNET_ID + "','ip_address':'10.0.0.5'},{'ip_address':'10.0.0.6'},"
                + "{'subnet_id':'" + Fixtures.SUBNET_ID + "'}],"
                + "'allowed_address_pairs':[{'ip_address':'10.0.0.0/28'}],'binding:profile':{}}"),
                Operation.CREATE, Fixtures.ADMIN);
        assertEquals(List.of(new FixedIp(Fixtures.SUBNET_ID, "10.0.0.5"), new FixedIp(null, "10.0.0.6"),
                new FixedIp(Fixtures.SUBNET_ID, null)), r.fixedIps());
        assertEquals(List.of(new AllowedAddressPair("10.0.0.0/28", null)), r.allowedAddressPairs());
    }

    @Test
    void nullHostMeansUnbind() {
        assertEquals("", PortJson.parse(json("{'binding:host_id':null}"), Operation.UPDATE, Fixtures.ADMIN).bindingHostId());
    }

    @Test
    void refusesBadFixedIpEntries() {
        NeutronException e = assertThrows(NeutronException.class, () -> PortJson.parse(
                json("{'fixed_ips':[{'ip':'10.0.0.5'}]}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals("Invalid input for fixed_ips. Reason: Unrecognized attribute(s) 'ip'.", e.getMessage());
        e = assertThrows(NeutronException.class, () -> PortJson.parse(
                json("{'fixed_ips':'10.0.0.5'}"), Operation.CREATE, Fixtures.ADMIN));
        assertEquals(400, e.status());
        e = assertThrows(NeutronException.class, () -> PortJson.parse(
                json("{'network_id':'" + Fixtures.NET_ID + "'}"), Operation.UPDATE, Fixtures.ADMIN));
        assertEquals("Cannot update read-only attribute network_id", e.getMessage());
        e = assertThrows(NeutronException.class, () -> PortJson.parse(
                json("{'status':'ACTIVE'}"), Operation.UPDATE, Fixtures.ADMIN));
        assertEquals("Cannot update read-only attribute status", e.getMessage());
    }
}
