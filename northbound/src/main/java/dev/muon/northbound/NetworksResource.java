package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;

/** /v2.0/networks */
final class NetworksResource {
    private static final String PATH = "/v2.0/" + NetworkJson.COLLECTION;
    private final NetworkService service;

    NetworksResource(NetworkService service) {
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
        CollectionResponses.list(ctx, NetworkJson.COLLECTION, NetworkJson.ATTRIBUTES,
                service.listNetworks().stream().map(NetworkJson::render).toList());
    }

    private void create(Context ctx) {
        NetworkRequest request = NetworkJson.parse(RequestBody.resource(ctx.body(), NetworkJson.RESOURCE),
                Operation.CREATE, ctx.header(ProjectIds.HEADER));
        CollectionResponses.show(ctx, 201, NetworkJson.RESOURCE, NetworkJson.render(service.createNetwork(request)));
    }

    private void show(Context ctx) {
        CollectionResponses.show(ctx, 200, NetworkJson.RESOURCE,
                NetworkJson.render(service.getNetwork(ctx.pathParam("id"))));
    }

    private void update(Context ctx) {
        NetworkRequest changes = NetworkJson.parse(RequestBody.resource(ctx.body(), NetworkJson.RESOURCE),
                Operation.UPDATE, null);
        CollectionResponses.show(ctx, 200, NetworkJson.RESOURCE,
                NetworkJson.render(service.updateNetwork(ctx.pathParam("id"), changes)));
    }

    private void delete(Context ctx) {
        service.deleteNetwork(ctx.pathParam("id"));
        ctx.status(204);
    }
}
