package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.AddressGroup;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Function;

/**
 * Neutron's member actions on address groups: PUT add_addresses / remove_addresses (body
 * {"addresses": [...]}), answered with the group wrapped as {"address_group": {...}}, as
 * Neutron's plugin returns it.
 */
final class AddressGroupActions {
    private final AddressGroupService groups;
    private final CrudResource<AddressGroup, AddressGroupRequest> resource;
    private final Function<Context, RequestContext> callers;

    AddressGroupActions(AddressGroupService groups, CrudResource<AddressGroup, AddressGroupRequest> resource,
                        Function<Context, RequestContext> callers) {
        this.groups = groups;
        this.resource = resource;
        this.callers = callers;
    }

    void register(Javalin app) {
        String member = "/v2.0/" + AddressGroupJson.COLLECTION + "/{id}/";
        app.put(member + "add_addresses", ctx -> {
            RequestContext caller = callers.apply(ctx);
            answer(ctx, caller, groups.addAddresses(caller, ctx.pathParam("id"), addresses(ctx)));
        });
        app.put(member + "remove_addresses", ctx -> {
            RequestContext caller = callers.apply(ctx);
            answer(ctx, caller, groups.removeAddresses(caller, ctx.pathParam("id"), addresses(ctx)));
        });
    }

    private void answer(Context ctx, RequestContext caller, AddressGroup group) {
        ObjectNode body = Json.object();
        body.set(AddressGroupJson.RESOURCE, resource.render(group, caller));
        CollectionResponses.json(ctx, 200, body);
    }

    private static List<String> addresses(Context ctx) {
        ObjectNode root = RequestBody.object(ctx.body());
        if (!root.has("addresses")) {
            throw NeutronException.badRequest("Unable to find 'addresses' in request body");
        }
        AttributeReader r = AttributeReader.over(root);
        return r.emptyIfNull("addresses", r::strings);
    }
}
