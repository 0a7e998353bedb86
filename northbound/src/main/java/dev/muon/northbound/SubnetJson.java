package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.Subnet;

import java.util.List;
import java.util.Set;

/**
 * Subnet ⇄ Neutron JSON, with subnet allocation from pools (subnet_allocation, default-subnetpools)
 * and subnet-service-types.
 */
final class SubnetJson {
    static final String RESOURCE = "subnet";
    static final String COLLECTION = "subnets";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "created_at", "updated_at", "revision_number")
            .create("project_id", "tenant_id", "network_id", "ip_version", "cidr", "subnetpool_id",
                    "use_default_subnetpool", "prefixlen", "ipv6_ra_mode", "ipv6_address_mode", "tags")
            .createUpdate("name", "description", "gateway_ip", "allocation_pools", "enable_dhcp",
                    "dns_nameservers", "host_routes", "service_types")
            .hidden("shared")
            .build();

    static final CrudResource.Shape<SubnetView, SubnetRequest> SHAPE =
            new CrudResource.Shape<>(RESOURCE, COLLECTION, ATTRIBUTES, SubnetJson::render, SubnetJson::parse);

    private SubnetJson() {
    }

    static ObjectNode render(SubnetView view) {
        Subnet s = view.subnet();
        ObjectNode node = Json.object();
        node.put("id", s.id());
        node.put("name", s.name());
        node.put("description", s.description());
        node.put("network_id", s.networkId());
        node.put("ip_version", s.ipVersion());
        node.put("cidr", s.cidr());
        node.put("gateway_ip", s.gatewayIp());
        ArrayNode pools = node.putArray("allocation_pools");
        for (AllocationPool p : s.allocationPools()) {
            pools.addObject().put("start", p.start()).put("end", p.end());
        }
        ArrayNode routes = node.putArray("host_routes");
        for (HostRoute h : s.hostRoutes()) {
            routes.addObject().put("destination", h.destination()).put("nexthop", h.nexthop());
        }
        ArrayNode dns = node.putArray("dns_nameservers");
        s.dnsNameservers().forEach(dns::add);
        node.put("enable_dhcp", s.enableDhcp());
        node.put("subnetpool_id", s.subnetpoolId());
        node.put("ipv6_ra_mode", s.ipv6RaMode());
        node.put("ipv6_address_mode", s.ipv6AddressMode());
        ArrayNode serviceTypes = node.putArray("service_types");
        s.serviceTypes().forEach(serviceTypes::add);
        node.put("shared", view.shared());
        Json.standardAttributes(node, s.projectId(), s.createdAt(), s.updatedAt(), s.revisionNumber(), s.tags());
        return node;
    }

    /** Neutron's IPV6_MODES, in the order its messages list them. */
    private static final List<String> IPV6_MODES = List.of("dhcpv6-stateful", "dhcpv6-stateless", "slaac");

    /** One of Neutron's IPv6 modes, or null (absent or JSON null: no mode). */
    private static String ipv6Mode(AttributeReader r, String name) {
        String mode = r.stringOrAbsent(name);
        if (mode != null && !IPV6_MODES.contains(mode)) {
            throw NeutronException.badRequest("Invalid input for " + name + ". Reason: '" + Excerpt.of(mode)
                    + "' is not in ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac'].");
        }
        return mode;
    }

    static SubnetRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        return new SubnetRequest(
                r.string("name"),
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.uuid("network_id"),
                r.integer("ip_version"),
                r.stringOrAbsent("cidr"),
                r.nullableString("gateway_ip"),
                r.objects("allocation_pools", Set.of("start", "end"), Set.of("start", "end"),
                        p -> new AllocationPool(p.string("start"), p.string("end"))),
                r.bool("enable_dhcp"),
                r.emptyIfNull("dns_nameservers", r::strings),
                r.emptyIfNull("host_routes", name -> r.objects(name, Set.of("destination", "nexthop"),
                        Set.of("destination", "nexthop"), h -> new HostRoute(h.string("destination"),
                                h.string("nexthop")))),
                ipv6Mode(r, "ipv6_ra_mode"),
                ipv6Mode(r, "ipv6_address_mode"),
                r.uuidOrAbsent("subnetpool_id"),
                r.bool("use_default_subnetpool"),
                r.integerOrAbsent("prefixlen"),
                r.tags(),
                r.emptyIfNull("service_types", r::strings));
    }
}
