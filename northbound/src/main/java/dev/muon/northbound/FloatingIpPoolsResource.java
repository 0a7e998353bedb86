package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.function.Function;

/** GET /v2.0/floatingip-pools (Neutron's floatingip-pools): read only, with the usual filters and fields. */
final class FloatingIpPoolsResource {
    static final String COLLECTION = "floatingip_pools";
    /** Neutron serves the collection at its name with hyphens, as for every extension resource. */
    private static final String PATH = "/v2.0/floatingip-pools";
    private static final AttributeSpec ATTRIBUTES = AttributeSpec.builder("floatingip_pool")
            .readOnly("subnet_id", "subnet_name", "network_id", "cidr", "project_id", "tenant_id")
            .build();

    private final NetworkService service;
    private final Function<Context, RequestContext> callers;

    FloatingIpPoolsResource(NetworkService service, Function<Context, RequestContext> callers) {
        this.service = service;
        this.callers = callers;
    }

    void register(Javalin app) {
        app.get(PATH, ctx -> CollectionResponses.list(ctx, COLLECTION, ATTRIBUTES,
                service.floatingIpPools(callers.apply(ctx)).stream().map(FloatingIpPoolsResource::render).toList()));
    }

    static ObjectNode render(FloatingIpPool pool) {
        ObjectNode node = Json.object();
        node.put("subnet_id", pool.subnetId());
        node.put("subnet_name", pool.subnetName());
        node.put("network_id", pool.networkId());
        node.put("cidr", pool.cidr());
        node.put("project_id", pool.projectId());
        node.put("tenant_id", pool.projectId());
        return node;
    }
}
