package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Port;

import java.util.Optional;
import java.util.Set;

/**
 * Port ⇄ Neutron JSON, including the port binding extension. A bound port's VIF is plugged
 * straight into br-int by os-vif (no hybrid plug: filtering happens in OVS), which is what
 * binding:vif_details tells Nova. binding:profile is accepted because Nova sends it, but not kept.
 */
final class PortJson {
    static final String RESOURCE = "port";
    static final String COLLECTION = "ports";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder()
            .readOnly("id", "status", "created_at", "updated_at", "revision_number", "tags", "binding:vif_type",
                    "binding:vif_details")
            .create("project_id", "tenant_id", "network_id")
            .createUpdate("name", "description", "mac_address", "fixed_ips", "admin_state_up", "device_id",
                    "device_owner", "binding:host_id", "binding:vnic_type", "binding:profile",
                    "port_security_enabled", "allowed_address_pairs", "security_groups")
            .build();

    private PortJson() {
    }

    static ObjectNode render(Port p) {
        ObjectNode node = Json.object();
        node.put("id", p.id());
        node.put("name", p.name());
        node.put("description", p.description());
        node.put("network_id", p.networkId());
        node.put("mac_address", p.macAddress());
        ArrayNode ips = node.putArray("fixed_ips");
        for (FixedIp ip : p.fixedIps()) {
            ips.addObject().put("subnet_id", ip.subnetId()).put("ip_address", ip.ipAddress());
        }
        node.put("admin_state_up", p.adminStateUp());
        node.put("status", p.status());
        node.put("device_id", p.deviceId());
        node.put("device_owner", p.deviceOwner());
        node.put("binding:host_id", p.bindingHostId());
        node.put("binding:vif_type", p.isBound() ? "ovs" : "unbound");
        node.put("binding:vnic_type", "normal");
        node.putObject("binding:profile");
        ObjectNode details = node.putObject("binding:vif_details");
        if (p.isBound()) {
            details.put("port_filter", true);
            details.put("ovs_hybrid_plug", false);
            details.put("connectivity", "l2");
            details.put("bridge_name", "br-int");
        }
        node.putArray("security_groups");
        ArrayNode pairs = node.putArray("allowed_address_pairs");
        for (AllowedAddressPair a : p.allowedAddressPairs()) {
            pairs.addObject().put("ip_address", a.ipAddress())
                    .put("mac_address", a.macAddress() == null ? p.macAddress() : a.macAddress());
        }
        node.put("port_security_enabled", p.portSecurityEnabled());
        Json.standardAttributes(node, p.projectId(), p.createdAt(), p.updatedAt(), p.revisionNumber());
        return node;
    }

    static PortRequest parse(ObjectNode body, Operation operation, String headerProjectId) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation);
        r.requireObject("binding:profile");
        // Nova unbinds with "binding:host_id": null; that means "no host".
        Optional<String> host = r.nullableString("binding:host_id");
        return new PortRequest(
                r.string("name"),
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r, headerProjectId) : null,
                r.uuid("network_id"),
                r.string("mac_address"),
                r.objects("fixed_ips", Set.of("subnet_id", "ip_address"), Set.of(),
                        f -> new FixedIp(f.uuid("subnet_id"), f.string("ip_address"))),
                r.bool("admin_state_up"),
                r.string("device_id"),
                r.string("device_owner"),
                host == null ? null : host.orElse(""),
                r.string("binding:vnic_type"),
                r.bool("port_security_enabled"),
                r.objects("allowed_address_pairs", Set.of("ip_address", "mac_address"), Set.of("ip_address"),
                        a -> new AllowedAddressPair(a.string("ip_address"), a.stringOrAbsent("mac_address"))),
                r.strings("security_groups"));
    }
}
