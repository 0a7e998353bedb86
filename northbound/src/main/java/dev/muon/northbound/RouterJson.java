package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.RouterGateway;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Router ⇄ Neutron JSON, with the ext-gw-mode, extraroute, dvr and l3-ha extensions. */
final class RouterJson {
    static final String RESOURCE = "router";
    static final String COLLECTION = "routers";

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "status", "created_at", "updated_at", "revision_number", "availability_zones",
                    "flavor_id")
            .create("project_id", "tenant_id", "tags", AvailabilityZoneHints.NAME)
            .createUpdate("name", "description", "admin_state_up", "external_gateway_info", "distributed", "ha")
            .update("routes")
            .adminWrite("distributed", "ha")
            .adminRead("distributed", "ha")
            .build();

    static final CrudResource.Shape<RouterView, RouterRequest> SHAPE =
            new CrudResource.Shape<>(RESOURCE, COLLECTION, ATTRIBUTES, RouterJson::render, RouterJson::parse);

    private RouterJson() {
    }

    static ObjectNode render(RouterView view) {
        Router r = view.router();
        ObjectNode node = Json.object();
        node.put("id", r.id());
        node.put("name", r.name());
        node.put("description", r.description());
        node.put("status", r.status());
        node.put("admin_state_up", r.adminStateUp());
        RouterGateway g = r.gateway();
        if (g == null) {
            node.putNull("external_gateway_info");
        } else {
            ObjectNode info = node.putObject("external_gateway_info");
            info.put("network_id", g.networkId());
            info.put("enable_snat", g.enableSnat());
            ArrayNode ips = info.putArray("external_fixed_ips");
            for (FixedIp ip : view.gatewayIps()) {
                ips.addObject().put("subnet_id", ip.subnetId()).put("ip_address", ip.ipAddress());
            }
        }
        node.put("distributed", r.distributed());
        node.put("ha", r.ha());
        node.set("routes", routes(r.routes()));
        ArrayNode hints = node.putArray(AvailabilityZoneHints.NAME);
        r.availabilityZoneHints().forEach(hints::add);
        ArrayNode zones = node.putArray("availability_zones");
        view.availabilityZones().forEach(zones::add);
        node.putNull("flavor_id");
        Json.standardAttributes(node, r.projectId(), r.createdAt(), r.updatedAt(), r.revisionNumber(), r.tags());
        return node;
    }

    static ArrayNode routes(List<HostRoute> routes) {
        ArrayNode array = Json.array();
        for (HostRoute h : routes) {
            array.addObject().put("destination", h.destination()).put("nexthop", h.nexthop());
        }
        return array;
    }

    static RouterRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        Optional<AttributeReader> info = r.nested("external_gateway_info",
                Set.of("network_id", "enable_snat", "external_fixed_ips"));
        Optional<GatewayRequest> gateway = info == null ? null : info.map(g -> {
            String networkId = g.uuid("network_id");
            if (networkId == null) {
                throw NeutronException.badRequest("Invalid input for external_gateway_info. Reason: Validation of "
                        + "dictionary's keys failed. Expected keys: {'network_id'}.");
            }
            return new GatewayRequest(networkId, g.bool("enable_snat"),
                    g.objects("external_fixed_ips", Set.of("subnet_id", "ip_address"), Set.of(),
                            f -> new FixedIp(f.uuid("subnet_id"), f.string("ip_address"))));
        });
        return new RouterRequest(
                r.string("name"),
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.bool("admin_state_up"),
                gateway,
                r.bool("distributed"),
                r.bool("ha"),
                r.emptyIfNull("routes", name -> routes(r)),
                r.tags(),
                AvailabilityZoneHints.read(r));
    }

    /** The "routes" list of a body: objects with a destination and a nexthop. */
    static List<HostRoute> routes(AttributeReader r) {
        return r.objects("routes", Set.of("destination", "nexthop"), Set.of("destination", "nexthop"),
                h -> new HostRoute(h.string("destination"), h.string("nexthop")));
    }
}
