package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Neutron's member actions PUT /v2.0/subnetpools/{id}/add_prefixes and remove_prefixes: the body
 * is {"prefixes": [...]} (not wrapped in "subnetpool"), and so is the answer.
 */
final class SubnetPoolPrefixActions {
    private final SubnetPoolPrefixService service;
    private final Function<Context, RequestContext> callers;

    SubnetPoolPrefixActions(SubnetPoolPrefixService service, Function<Context, RequestContext> callers) {
        this.service = service;
        this.callers = callers;
    }

    void register(Javalin app) {
        String member = "/v2.0/" + SubnetPoolJson.COLLECTION + "/{id}/";
        app.put(member + "add_prefixes", ctx -> answer(ctx,
                service.addPrefixes(callers.apply(ctx), ctx.pathParam("id"), prefixes(ctx.body()))));
        app.put(member + "remove_prefixes", ctx -> answer(ctx,
                service.removePrefixes(callers.apply(ctx), ctx.pathParam("id"), prefixes(ctx.body()))));
    }

    /** Neutron's get_operation_request_body: a non-empty list of strings under "prefixes". */
    static List<String> prefixes(String body) {
        JsonNode root = RequestBody.object(body);
        JsonNode prefixes = root.get("prefixes");
        if (prefixes == null || !prefixes.isArray() || prefixes.isEmpty()) {
            throw NeutronException.badRequest("Request body contains invalid data");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode p : prefixes) {
            if (!p.isTextual()) {
                throw NeutronException.badRequest("Invalid input for prefixes. Reason: '" + Excerpt.of(p.toString())
                        + "' is not a valid IP subnet.");
            }
            out.add(p.textValue());
        }
        return out;
    }

    private static void answer(Context ctx, List<String> prefixes) {
        ObjectNode node = Json.object();
        ArrayNode list = node.putArray("prefixes");
        prefixes.forEach(list::add);
        CollectionResponses.json(ctx, 200, node);
    }
}
