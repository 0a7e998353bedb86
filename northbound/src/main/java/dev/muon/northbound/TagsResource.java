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
 * Neutron's tag API (standard-attr-tag) on {@code /v2.0/<collection>/<id>/tags[/<tag>]}, with
 * its status codes: list 200, check 204, add one 201, replace all 200, add some (POST) 201,
 * remove one or all 204.
 */
final class TagsResource {
    private final TagService tags;
    private final List<String> collections;
    private final Function<Context, RequestContext> callers;

    TagsResource(TagService tags, List<String> collections, Function<Context, RequestContext> callers) {
        this.tags = tags;
        this.collections = List.copyOf(collections);
        this.callers = callers;
    }

    void register(Javalin app) {
        for (String collection : collections) {
            String all = "/v2.0/" + collection + "/{id}/tags";
            String one = all + "/{tag}";
            app.get(all, ctx -> answer(ctx, 200, tags.tags(callers.apply(ctx), collection, ctx.pathParam("id"))));
            app.put(all, ctx -> answer(ctx, 200,
                    tags.replaceTags(callers.apply(ctx), collection, ctx.pathParam("id"), body(ctx))));
            app.post(all, ctx -> {
                List<String> added = body(ctx);
                tags.addTags(callers.apply(ctx), collection, ctx.pathParam("id"), added);
                answer(ctx, 201, added);
            });
            app.delete(all, ctx -> {
                tags.removeAllTags(callers.apply(ctx), collection, ctx.pathParam("id"));
                ctx.status(204);
            });
            app.get(one, ctx -> {
                tags.checkTag(callers.apply(ctx), collection, ctx.pathParam("id"), tag(ctx));
                ctx.status(204);
            });
            app.put(one, ctx -> {
                tags.addTags(callers.apply(ctx), collection, ctx.pathParam("id"), List.of(tag(ctx)));
                ctx.status(201);
            });
            app.delete(one, ctx -> {
                tags.removeTag(callers.apply(ctx), collection, ctx.pathParam("id"), tag(ctx));
                ctx.status(204);
            });
        }
    }

    private static String tag(Context ctx) {
        String tag = ctx.pathParam("tag");
        TagNames.check(tag);
        return tag;
    }

    /** {"tags": [...]}: a list of unique strings, Neutron's "Invalid tags body" otherwise. */
    private static List<String> body(Context ctx) {
        ObjectNode root = RequestBody.object(ctx.body());
        JsonNode list = root.get("tags");
        if (list == null || !list.isArray()) {
            throw NeutronException.invalidInput("Invalid tags body");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode t : list) {
            if (!t.isTextual()) {
                throw NeutronException.invalidInput("'" + t + "' is not a valid string");
            }
            tags.add(t.textValue());
        }
        TagNames.check(tags, "tags");
        return tags;
    }

    private static void answer(Context ctx, int status, List<String> tags) {
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("tags");
        tags.forEach(array::add);
        CollectionResponses.json(ctx, status, body);
    }
}
