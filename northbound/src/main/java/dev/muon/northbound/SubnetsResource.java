package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;

/** /v2.0/subnets */
final class SubnetsResource {
    private static final String PATH = "/v2.0/" + SubnetJson.COLLECTION;
    private final NetworkService service;

    SubnetsResource(NetworkService service) {
        this.service = service;
    }

    void register(Javalin app) {
        app.get(PATH, this::list);
        app.post(PATH, this::create);
        app.get(PATH + "/{id}", this::show);
        app.put(PATH + "/{id}", this::update);
        app.delete(PATH + "/{id}", this::delete);
    }

    private void list(Context ctx) {
        CollectionResponses.list(ctx, SubnetJson.COLLECTION, SubnetJson.ATTRIBUTES,
                service.listSubnets().stream().map(SubnetJson::render).toList());
    }

    private void create(Context ctx) {
        SubnetRequest request = SubnetJson.parse(RequestBody.resource(ctx.body(), SubnetJson.RESOURCE),
                Operation.CREATE, ctx.header(ProjectIds.HEADER));
        CollectionResponses.show(ctx, 201, SubnetJson.RESOURCE, SubnetJson.render(service.createSubnet(request)));
    }

    private void show(Context ctx) {
        CollectionResponses.show(ctx, 200, SubnetJson.RESOURCE,
                SubnetJson.render(service.getSubnet(ctx.pathParam("id"))));
    }

    private void update(Context ctx) {
        SubnetRequest changes = SubnetJson.parse(RequestBody.resource(ctx.body(), SubnetJson.RESOURCE),
                Operation.UPDATE, null);
        CollectionResponses.show(ctx, 200, SubnetJson.RESOURCE,
                SubnetJson.render(service.updateSubnet(ctx.pathParam("id"), changes)));
    }

    private void delete(Context ctx) {
        service.deleteSubnet(ctx.pathParam("id"));
        ctx.status(204);
    }
}
