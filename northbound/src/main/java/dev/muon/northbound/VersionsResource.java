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
    /** (singular, collection) of every top-level resource GET /v2.0 lists. */
    private static final List<String[]> RESOURCES = List.of(
            new String[] {NetworkJson.RESOURCE, NetworkJson.COLLECTION},
            new String[] {SubnetJson.RESOURCE, SubnetJson.COLLECTION},
            new String[] {SubnetPoolJson.RESOURCE, SubnetPoolJson.COLLECTION},
            new String[] {PortJson.RESOURCE, PortJson.COLLECTION},
            new String[] {RouterJson.RESOURCE, RouterJson.COLLECTION},
            new String[] {FloatingIpJson.RESOURCE, FloatingIpJson.COLLECTION},
            new String[] {SecurityGroupJson.RESOURCE, SecurityGroupJson.COLLECTION},
            new String[] {SecurityGroupRuleJson.RESOURCE, SecurityGroupRuleJson.COLLECTION},
            new String[] {TrunkJson.RESOURCE, TrunkJson.COLLECTION},
            new String[] {AddressGroupJson.RESOURCE, AddressGroupJson.COLLECTION});

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
        for (String[] r : RESOURCES) {
            ObjectNode node = resources.addObject();
            node.put("name", r[0]);
            node.put("collection", r[1]);
            node.putArray("links").addObject().put("href", base(ctx) + "/v2.0/" + r[1]).put("rel", "self");
        }
        CollectionResponses.json(ctx, 200, body);
    }

    private static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }
}
