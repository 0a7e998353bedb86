package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Function;

/**
 * Neutron's member actions on trunks: PUT add_subports / remove_subports (body
 * {"sub_ports": [...]}, answered with the trunk, unwrapped) and GET get_subports.
 */
final class TrunkActions {
    private final TrunkService trunks;
    private final CrudResource<dev.muon.pipeline.model.Trunk, TrunkRequest> resource;
    private final Function<Context, RequestContext> callers;

    TrunkActions(TrunkService trunks, CrudResource<dev.muon.pipeline.model.Trunk, TrunkRequest> resource,
                 Function<Context, RequestContext> callers) {
        this.trunks = trunks;
        this.resource = resource;
        this.callers = callers;
    }

    void register(Javalin app) {
        String member = "/v2.0/" + TrunkJson.COLLECTION + "/{id}/";
        app.put(member + "add_subports", ctx -> {
            RequestContext caller = callers.apply(ctx);
            CollectionResponses.json(ctx, 200, resource.render(
                    trunks.addSubPorts(caller, ctx.pathParam("id"), subPorts(ctx)), caller));
        });
        app.put(member + "remove_subports", ctx -> {
            RequestContext caller = callers.apply(ctx);
            CollectionResponses.json(ctx, 200, resource.render(
                    trunks.removeSubPorts(caller, ctx.pathParam("id"), subPorts(ctx)), caller));
        });
        app.get(member + "get_subports", ctx -> {
            ObjectNode body = Json.object();
            body.set("sub_ports", TrunkJson.subPorts(trunks.subPorts(callers.apply(ctx), ctx.pathParam("id"))));
            CollectionResponses.json(ctx, 200, body);
        });
    }

    private static List<SubPortRequest> subPorts(Context ctx) {
        ObjectNode root = RequestBody.object(ctx.body());
        if (!root.has("sub_ports")) {
            throw NeutronException.badRequest("Unable to find 'sub_ports' in request body");
        }
        return TrunkJson.subPorts(AttributeReader.over(root));
    }
}
