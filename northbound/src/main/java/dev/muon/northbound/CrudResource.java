package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Neutron collection, {@code /v2.0/<collection>}: list, create, show, update, delete.
 * Every resource is served the same way; what differs (JSON form, service calls) is
 * passed in, so a new resource is one registration in {@link NorthboundServer}.
 *
 * @param <V> what the service returns
 * @param <R> the parsed create/update request
 */
final class CrudResource<V, R> {

    /** How a request body becomes a request: (body, operation, X-Project-Id header). */
    interface Parser<R> {
        R parse(ObjectNode body, Operation operation, String headerProjectId);
    }

    private final String resource;
    private final String collection;
    private final AttributeSpec attributes;
    private final Function<V, ObjectNode> render;
    private final Parser<R> parser;
    private final Supplier<List<V>> list;
    private final Function<R, V> create;
    private final Function<String, V> get;
    private final BiFunction<String, R, V> update;
    private final Consumer<String> delete;

    CrudResource(String resource, String collection, AttributeSpec attributes, Function<V, ObjectNode> render,
                 Parser<R> parser, Supplier<List<V>> list, Function<R, V> create, Function<String, V> get,
                 BiFunction<String, R, V> update, Consumer<String> delete) {
        this.resource = resource;
        this.collection = collection;
        this.attributes = attributes;
        this.render = render;
        this.parser = parser;
        this.list = list;
        this.create = create;
        this.get = get;
        this.update = update;
        this.delete = delete;
    }

    void register(Javalin app) {
        String path = "/v2.0/" + collection;
        app.get(path, this::list);
        app.post(path, this::create);
        app.get(path + "/{id}", this::show);
        app.put(path + "/{id}", this::update);
        app.delete(path + "/{id}", this::delete);
    }

    private void list(Context ctx) {
        CollectionResponses.list(ctx, collection, attributes, list.get().stream().map(render).toList());
    }

    private void create(Context ctx) {
        R request = parser.parse(RequestBody.resource(ctx.body(), resource), Operation.CREATE,
                ctx.header(ProjectIds.HEADER));
        CollectionResponses.show(ctx, 201, resource, render.apply(create.apply(request)));
    }

    private void show(Context ctx) {
        CollectionResponses.show(ctx, 200, resource, render.apply(get.apply(ctx.pathParam("id"))));
    }

    private void update(Context ctx) {
        R changes = parser.parse(RequestBody.resource(ctx.body(), resource), Operation.UPDATE, null);
        CollectionResponses.show(ctx, 200, resource, render.apply(update.apply(ctx.pathParam("id"), changes)));
    }

    private void delete(Context ctx) {
        delete.accept(ctx.pathParam("id"));
        ctx.status(204);
    }
}
