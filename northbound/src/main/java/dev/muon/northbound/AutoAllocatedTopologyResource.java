package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Function;

/**
 * {@code GET/DELETE /v2.0/auto-allocated-topology/{project_id}}; {@code ?fields=dry-run} only
 * validates. Any other fields value is refused, as Neutron does ("Unrecognized field").
 */
final class AutoAllocatedTopologyResource {
    static final String PATH = "/v2.0/auto-allocated-topology/{project}";
    private static final String DRY_RUN = "dry-run";

    private final AutoAllocationService service;
    private final Function<Context, RequestContext> callers;

    AutoAllocatedTopologyResource(AutoAllocationService service, Function<Context, RequestContext> callers) {
        this.service = service;
        this.callers = callers;
    }

    void register(Javalin app) {
        app.get(PATH, this::get);
        app.delete(PATH, ctx -> {
            service.delete(callers.apply(ctx), ctx.pathParam("project"));
            ctx.status(204);
        });
    }

    private void get(Context ctx) {
        List<String> fields = ctx.queryParams("fields");
        boolean dryRun = fields.contains(DRY_RUN);
        if (!dryRun && !fields.isEmpty()) {
            throw NeutronException.badResourceRequest("auto_allocate", "Unrecognized field");
        }
        AutoAllocatedTopologyView topology = service.get(callers.apply(ctx), ctx.pathParam("project"), dryRun);
        ObjectNode body = Json.object();
        ObjectNode node = body.putObject("auto_allocated_topology");
        node.put("id", topology.id());
        node.put("project_id", topology.projectId());
        node.put("tenant_id", topology.projectId());
        CollectionResponses.json(ctx, 200, body);
    }
}
