package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.function.Function;

/** {@code GET /v2.0/availability_zones}: the zones of the known nodes, for any caller, as in Neutron. */
final class AvailabilityZonesResource {
    static final String COLLECTION = "availability_zones";
    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder("availability_zone")
            .readOnly("name", "resource", "state")
            .build();

    private final AgentService agents;
    private final Function<Context, RequestContext> callers;

    AvailabilityZonesResource(AgentService agents,
                              Function<Context, RequestContext> callers) {
        this.agents = agents;
        this.callers = callers;
    }

    void register(Javalin app) {
        app.get("/v2.0/" + COLLECTION, ctx -> CollectionResponses.list(ctx, COLLECTION, ATTRIBUTES,
                agents.availabilityZones(callers.apply(ctx)).stream().map(AvailabilityZonesResource::render)
                        .toList()));
    }

    static ObjectNode render(AvailabilityZoneView zone) {
        ObjectNode node = Json.object();
        node.put("name", zone.name());
        node.put("resource", zone.resource());
        node.put("state", zone.available() ? "available" : "unavailable");
        return node;
    }
}
