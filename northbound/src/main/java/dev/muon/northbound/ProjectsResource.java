package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The one Keystone call the openstack CLI makes of a Neutron endpoint in no-auth mode:
 * {@code --project X} resolves X with {@code GET /projects/X} (then {@code GET /projects?name=X}).
 * Without Keystone a project is just its id, so every project exists and its name is its id.
 */
final class ProjectsResource {

    void register(Javalin app) {
        app.get("/projects/{id}", ctx -> {
            ObjectNode body = Json.object();
            body.set("project", project(ctx, ctx.pathParam("id")));
            CollectionResponses.json(ctx, 200, body);
        });
        app.get("/projects", ctx -> {
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("projects");
            String name = ctx.queryParam("name");
            if (name != null && !name.isEmpty()) {
                list.add(project(ctx, name));
            }
            CollectionResponses.json(ctx, 200, body);
        });
    }

    private static ObjectNode project(Context ctx, String id) {
        ObjectNode p = Json.object();
        p.put("id", id);
        p.put("name", id);
        p.put("domain_id", "default");
        p.put("description", "");
        p.put("enabled", true);
        p.put("is_domain", false);
        p.put("parent_id", "default");
        p.putArray("tags");
        p.putObject("links").put("self", ctx.scheme() + "://" + ctx.host() + "/projects/" + id);
        return p;
    }
}
