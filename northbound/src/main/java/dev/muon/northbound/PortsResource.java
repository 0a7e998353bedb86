package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;

/** /v2.0/ports */
final class PortsResource {
    private static final String PATH = "/v2.0/" + PortJson.COLLECTION;
    private final NetworkService service;

    PortsResource(NetworkService service) {
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
        CollectionResponses.list(ctx, PortJson.COLLECTION, PortJson.ATTRIBUTES,
                service.listPorts().stream().map(PortJson::render).toList());
    }

    private void create(Context ctx) {
        PortRequest request = PortJson.parse(RequestBody.resource(ctx.body(), PortJson.RESOURCE),
                Operation.CREATE, ctx.header(ProjectIds.HEADER));
        CollectionResponses.show(ctx, 201, PortJson.RESOURCE, PortJson.render(service.createPort(request)));
    }

    private void show(Context ctx) {
        CollectionResponses.show(ctx, 200, PortJson.RESOURCE,
                PortJson.render(service.getPort(ctx.pathParam("id"))));
    }

    private void update(Context ctx) {
        PortRequest changes = PortJson.parse(RequestBody.resource(ctx.body(), PortJson.RESOURCE),
                Operation.UPDATE, null);
        CollectionResponses.show(ctx, 200, PortJson.RESOURCE,
                PortJson.render(service.updatePort(ctx.pathParam("id"), changes)));
    }

    private void delete(Context ctx) {
        service.deletePort(ctx.pathParam("id"));
        ctx.status(204);
    }
}
