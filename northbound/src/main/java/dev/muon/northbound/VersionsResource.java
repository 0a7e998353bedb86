package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;

/**
 * Version discovery. keystoneauth asks {@code GET /} first and follows the CURRENT version's
 * self link, so the link must name the address the client used (its Host header).
 */
final class VersionsResource {
    private static final List<String> COLLECTIONS = List.of(
            NetworkJson.COLLECTION, SubnetJson.COLLECTION, PortJson.COLLECTION);

    void register(Javalin app) {
        app.get("/", this::versions);
        app.get("/v2.0", this::resources);
    }

    private void versions(Context ctx) {
        ObjectNode body = Json.object();
        ObjectNode v2 = body.putArray("versions").addObject();
        v2.put("id", "v2.0");
        v2.put("status", "CURRENT");
        v2.putArray("links").addObject().put("href", base(ctx) + "/v2.0/").put("rel", "self");
        CollectionResponses.json(ctx, 200, body);
    }

    private void resources(Context ctx) {
        ObjectNode body = Json.object();
        ArrayNode resources = body.putArray("resources");
        for (String collection : COLLECTIONS) {
            ObjectNode r = resources.addObject();
            r.put("name", collection.substring(0, collection.length() - 1));
            r.put("collection", collection);
            r.putArray("links").addObject().put("href", base(ctx) + "/v2.0/" + collection).put("rel", "self");
        }
        CollectionResponses.json(ctx, 200, body);
    }

    private static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }
}
