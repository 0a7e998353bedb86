package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Port;

import java.util.Optional;

/** Floating IP ⇄ Neutron JSON. */
final class FloatingIpJson {
    static final String RESOURCE = "floatingip";
    static final String COLLECTION = "floatingips";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "router_id", "status", "port_details", "created_at", "updated_at", "revision_number")
            .create("project_id", "tenant_id", "floating_network_id", "floating_ip_address", "subnet_id", "tags")
            .createUpdate("description", "port_id", "fixed_ip_address")
            .adminWrite("floating_ip_address")
            .build();

    static final CrudResource.Shape<FloatingIpView, FloatingIpRequest> SHAPE =
            new CrudResource.Shape<>(RESOURCE, COLLECTION, ATTRIBUTES, FloatingIpJson::render, FloatingIpJson::parse);

    private FloatingIpJson() {
    }

    static ObjectNode render(FloatingIpView view) {
        FloatingIp f = view.floatingIp();
        ObjectNode node = Json.object();
        node.put("id", f.id());
        node.put("description", f.description());
        node.put("floating_ip_address", f.floatingIpAddress());
        node.put("floating_network_id", f.floatingNetworkId());
        node.put("router_id", f.routerId());
        node.put("port_id", f.portId());
        node.put("fixed_ip_address", f.fixedIpAddress());
        node.put("status", f.status());
        portDetails(node, view.port());
        Json.standardAttributes(node, f.projectId(), f.createdAt(), f.updatedAt(), f.revisionNumber(), f.tags());
        return node;
    }

    /** Neutron's port_details (fip-port-details): a summary of the associated port, null when none. */
    private static void portDetails(ObjectNode node, Port p) {
        if (p == null) {
            node.putNull("port_details");
            return;
        }
        ObjectNode details = node.putObject("port_details");
        details.put("name", p.name());
        details.put("network_id", p.networkId());
        details.put("mac_address", p.macAddress());
        details.put("admin_state_up", p.adminStateUp());
        details.put("status", p.status());
        details.put("device_id", p.deviceId());
        details.put("device_owner", p.deviceOwner());
    }

    /**
     * An update with an empty body ({@code {"floatingip": {}}}) disassociates, as it did when a
     * floating IP had nothing but its association and still does in Neutron; any other update
     * leaves the association alone unless it names port_id.
     */
    static FloatingIpRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        if (operation == Operation.UPDATE && body.isEmpty()) {
            return new FloatingIpRequest(null, null, null, null, null, Optional.empty(), null, null);
        }
        return new FloatingIpRequest(
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.uuid("floating_network_id"),
                r.stringOrAbsent("floating_ip_address"),
                r.uuidOrAbsent("subnet_id"),
                r.nullableUuid("port_id"),
                r.stringOrAbsent("fixed_ip_address"),
                r.tags());
    }
}
