package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.Network;

/**
 * Network ⇄ Neutron JSON, with the provider, external-net, network-default, port-security and
 * dns-integration (dns_domain) extensions.
 */
final class NetworkJson {
    static final String RESOURCE = "network";
    static final String COLLECTION = "networks";
    private static final String[] PROVIDER = {
        "provider:network_type", "provider:physical_network", "provider:segmentation_id"};

    private static final int PHYSICAL_NETWORK_MAX = 64;

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "status", "subnets", "created_at", "updated_at", "revision_number",
                    "availability_zones", "ipv4_address_scope", "ipv6_address_scope",
                    "l2_adjacency")
            .create("project_id", "tenant_id", "tags", AvailabilityZoneHints.NAME)
            .createUpdate("name", "description", "admin_state_up", "shared", "router:external", "is_default", "mtu",
                    "port_security_enabled")
            .createUpdate("dns_domain")
            .createUpdate(PROVIDER)
            .adminWrite("shared", "router:external", "is_default")
            .adminWrite(PROVIDER)
            .adminRead(PROVIDER)
            .build();

    static final CrudResource.Shape<NetworkView, NetworkRequest> SHAPE =
            new CrudResource.Shape<>(RESOURCE, COLLECTION, ATTRIBUTES, NetworkJson::render, NetworkJson::parse);

    private NetworkJson() {
    }

    static ObjectNode render(NetworkView view) {
        Network n = view.network();
        ObjectNode node = Json.object();
        node.put("id", n.id());
        node.put("name", n.name());
        node.put("description", n.description());
        node.put("admin_state_up", n.adminStateUp());
        node.put("status", n.status());
        node.put("shared", n.shared());
        node.put("router:external", n.external());
        // Neutron extends only external networks with is_default.
        if (n.external()) {
            node.put("is_default", n.isDefault());
        }
        ArrayNode subnets = node.putArray("subnets");
        view.subnetIds().forEach(subnets::add);
        node.put("mtu", n.mtu());
        node.put("port_security_enabled", n.portSecurityEnabled());
        node.put("provider:network_type", n.networkType().neutronName());
        node.put("provider:physical_network", n.physicalNetwork());
        if (n.segmentationId() == null) {
            node.putNull("provider:segmentation_id");
        } else {
            node.put("provider:segmentation_id", n.segmentationId());
        }
        ArrayNode zones = node.putArray("availability_zones");
        view.availabilityZones().forEach(zones::add);
        ArrayNode hints = node.putArray(AvailabilityZoneHints.NAME);
        n.availabilityZoneHints().forEach(hints::add);
        putNullable(node, "ipv4_address_scope", view.ipv4AddressScope());
        putNullable(node, "ipv6_address_scope", view.ipv6AddressScope());
        node.put("l2_adjacency", true);
        node.put("dns_domain", n.dnsDomain());
        Json.standardAttributes(node, n.projectId(), n.createdAt(), n.updatedAt(), n.revisionNumber(), n.tags());
        return node;
    }

    private static void putNullable(ObjectNode node, String name, String value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }

    /** neutron-lib's providernet: a physical network's name has at most 64 characters. */
    private static String physicalNetwork(AttributeReader r) {
        return r.stringOrAbsent("provider:physical_network") == null ? null
                : r.string("provider:physical_network", PHYSICAL_NETWORK_MAX);
    }

    static NetworkRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        return new NetworkRequest(
                r.string("name"),
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.bool("admin_state_up"),
                r.bool("shared"),
                r.bool("router:external"),
                r.stringOrAbsent("provider:network_type"),
                physicalNetwork(r),
                r.integerOrAbsent("provider:segmentation_id"),
                r.integerOrAbsent("mtu"),
                r.bool("port_security_enabled"),
                r.bool("is_default"),
                r.tags(),
                r.string("dns_domain") == null ? null : DnsNames.domain("dns_domain", r.string("dns_domain")),
                AvailabilityZoneHints.read(r));
    }
}
