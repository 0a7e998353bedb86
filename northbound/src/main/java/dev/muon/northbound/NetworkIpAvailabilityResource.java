package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /v2.0/network-ip-availabilities} (filters network_id, network_name, project_id,
 * tenant_id, ip_version; fields; sorting) and {@code GET /v2.0/network-ip-availabilities/{network_id}}.
 */
final class NetworkIpAvailabilityResource {
    static final String COLLECTION = "network_ip_availabilities";
    static final String RESOURCE = "network_ip_availability";
    private static final String PATH = "/v2.0/network-ip-availabilities";
    /** ip_version filters the subnets (the service does it); hidden, it only lets the filter through. */
    static final AttributeSpec SPEC = AttributeSpec.builder(RESOURCE)
            .readOnly("network_id", "network_name", "project_id", "tenant_id", "total_ips", "used_ips",
                    "subnet_ip_availability")
            .hidden("ip_version")
            .build();

    private final NetworkIpAvailabilityService service;
    private final Function<Context, RequestContext> callers;

    NetworkIpAvailabilityResource(NetworkIpAvailabilityService service, Function<Context, RequestContext> callers) {
        this.service = service;
        this.callers = callers;
    }

    void register(Javalin app) {
        app.get(PATH, this::list);
        app.get(PATH + "/{id}", ctx -> CollectionResponses.show(ctx, 200, RESOURCE,
                render(service.get(callers.apply(ctx), ctx.pathParam("id")))));
    }

    private void list(Context ctx) {
        List<Integer> versions = new ArrayList<>();
        for (String v : ctx.queryParams("ip_version")) {
            try {
                versions.add(Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                throw NeutronException.badRequest("Invalid input for ip_version. Reason: '" + Excerpt.of(v)
                        + "' is not an integer.");
            }
        }
        List<ObjectNode> rendered = new ArrayList<>();
        for (NetworkIpAvailability a : service.list(callers.apply(ctx), versions)) {
            ObjectNode item = render(a);
            ArrayNode hidden = item.putArray("ip_version");
            a.subnets().stream().map(NetworkIpAvailability.SubnetIpAvailability::ipVersion).distinct()
                    .forEach(hidden::add);
            rendered.add(item);
        }
        CollectionResponses.list(ctx, COLLECTION, SPEC, rendered);
    }

    static ObjectNode render(NetworkIpAvailability a) {
        ObjectNode n = Json.object();
        n.put("network_id", a.networkId());
        n.put("network_name", a.networkName());
        n.put("project_id", a.projectId());
        n.put("tenant_id", a.projectId());
        n.put("total_ips", a.totalIps());
        n.put("used_ips", a.usedIps());
        ArrayNode subnets = n.putArray("subnet_ip_availability");
        for (NetworkIpAvailability.SubnetIpAvailability s : a.subnets()) {
            subnets.addObject()
                    .put("subnet_id", s.subnetId())
                    .put("subnet_name", s.subnetName())
                    .put("cidr", s.cidr())
                    .put("ip_version", s.ipVersion())
                    .put("total_ips", s.totalIps())
                    .put("used_ips", s.usedIps());
        }
        return n;
    }
}
