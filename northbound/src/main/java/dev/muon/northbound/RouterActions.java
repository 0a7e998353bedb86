package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Neutron's member actions on routers: PUT add_router_interface / remove_router_interface
 * (body {"subnet_id": ...} or {"port_id": ...}, answered unwrapped) and add_extraroutes /
 * remove_extraroutes (body {"router": {"routes": [...]}}, answered with the router).
 */
final class RouterActions {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    private final RouterService routers;
    private final CrudResource<RouterView, RouterRequest> resource;
    private final Function<Context, RequestContext> callers;

    RouterActions(RouterService routers, CrudResource<RouterView, RouterRequest> resource,
                  Function<Context, RequestContext> callers) {
        this.routers = routers;
        this.resource = resource;
        this.callers = callers;
    }

    void register(Javalin app) {
        String member = "/v2.0/" + RouterJson.COLLECTION + "/{id}/";
        app.put(member + "add_router_interface", ctx -> answer(ctx,
                routers.addInterface(callers.apply(ctx), ctx.pathParam("id"), interfaceRequest(ctx.body()))));
        app.put(member + "remove_router_interface", ctx -> answer(ctx,
                routers.removeInterface(callers.apply(ctx), ctx.pathParam("id"), interfaceRequest(ctx.body()))));
        app.put(member + "add_extraroutes", ctx -> {
            RequestContext caller = callers.apply(ctx);
            RouterView r = routers.addExtraRoutes(caller, ctx.pathParam("id"), RouterJson.routes(routesBody(ctx)));
            CollectionResponses.show(ctx, 200, RouterJson.RESOURCE, resource.render(r, caller));
        });
        app.put(member + "remove_extraroutes", ctx -> {
            RequestContext caller = callers.apply(ctx);
            RouterView r = routers.removeExtraRoutes(caller, ctx.pathParam("id"), RouterJson.routes(routesBody(ctx)));
            CollectionResponses.show(ctx, 200, RouterJson.RESOURCE, resource.render(r, caller));
        });
    }

    /** The body's subnet_id/port_id, each a UUID when present (Neutron checks presence in the service). */
    static RouterInterfaceRequest interfaceRequest(String body) {
        JsonNode root = RequestBody.object(body);
        return new RouterInterfaceRequest(uuid(root, "subnet_id"), uuid(root, "port_id"));
    }

    private static String uuid(JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || !UUID.matcher(v.textValue()).matches()) {
            throw NeutronException.badResourceRequest("router", "'" + (v.isTextual() ? v.textValue() : v)
                    + "' is not a valid UUID");
        }
        return v.textValue();
    }

    private static AttributeReader routesBody(Context ctx) {
        ObjectNode router = RequestBody.resource(ctx.body(), RouterJson.RESOURCE);
        if (!router.has("routes")) {
            throw NeutronException.badRequest("Unable to find 'routes' in request body");
        }
        return AttributeReader.over(router);
    }

    private static void answer(Context ctx, RouterInterfaceInfo info) {
        ObjectNode node = Json.object();
        node.put("id", info.routerId());
        node.put("tenant_id", info.projectId());
        node.put("project_id", info.projectId());
        node.put("port_id", info.portId());
        node.put("network_id", info.networkId());
        node.put("subnet_id", info.subnetId());
        ArrayNode subnets = node.putArray("subnet_ids");
        info.subnetIds().forEach(subnets::add);
        CollectionResponses.json(ctx, 200, node);
    }
}
