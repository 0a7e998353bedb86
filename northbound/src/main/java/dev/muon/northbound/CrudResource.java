package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Function;

/**
 * One Neutron collection, {@code /v2.0/<collection>}: list, create (one, or several at once in
 * Neutron's bulk form), show, update, delete.
 * Every resource is served the same way; what differs (JSON form, service) is passed in, so
 * a new resource is one registration in {@link NorthboundServer}. Attributes the caller may
 * not see are removed before filtering, so they can neither be shown nor probed.
 *
 * @param <V> what the service returns
 * @param <R> the parsed create/update request
 */
final class CrudResource<V, R> {

    /** How a request body becomes a request. */
    interface Parser<R> {
        R parse(ObjectNode body, Operation operation, RequestContext ctx);
    }

    /**
     * The JSON side of a resource: its names (singular, in the URL path, as the list body's key),
     * attribute map, rendering and parsing.
     */
    record Shape<V, R>(String resource, String path, String collection, AttributeSpec attributes,
                       Function<V, ObjectNode> render, Parser<R> parser) {
        /** For the usual case where the path and the list key are the same word. */
        Shape(String resource, String collection, AttributeSpec attributes, Function<V, ObjectNode> render,
              Parser<R> parser) {
            this(resource, collection, collection, attributes, render, parser);
        }
    }

    private final Shape<V, R> shape;
    private final ResourceService<V, R> service;
    private final Function<Context, RequestContext> callers;

    CrudResource(Shape<V, R> shape, ResourceService<V, R> service, Function<Context, RequestContext> callers) {
        this.shape = shape;
        this.service = service;
        this.callers = callers;
    }

    void register(Javalin app) {
        String path = "/v2.0/" + shape.path();
        app.get(path, this::list);
        app.post(path, this::create);
        app.get(path + "/{id}", this::show);
        app.put(path + "/{id}", this::update);
        app.delete(path + "/{id}", this::delete);
    }

    /** The rendering a caller may see of {@code value}. */
    ObjectNode render(V value, RequestContext caller) {
        return shape.attributes().withoutHidden(filterable(value, caller));
    }

    /** What a caller's list filters see of {@code value}: what it may see, and the hidden attributes. */
    private ObjectNode filterable(V value, RequestContext caller) {
        return shape.attributes().hide(shape.render().apply(value), caller);
    }

    private void list(Context ctx) {
        RequestContext caller = callers.apply(ctx);
        CollectionResponses.list(ctx, shape.collection(), shape.attributes(),
                service.list(caller).stream().map(v -> filterable(v, caller)).toList());
    }

    private void create(Context ctx) {
        RequestContext caller = callers.apply(ctx);
        List<ObjectNode> bulk = RequestBody.bulk(ctx.body(), shape.collection(), shape.resource());
        if (bulk != null) {
            List<R> requests = bulk.stream().map(b -> shape.parser().parse(b, Operation.CREATE, caller)).toList();
            ObjectNode body = Json.object();
            ArrayNode created = body.putArray(shape.collection());
            service.createAll(caller, requests).forEach(v -> created.add(render(v, caller)));
            CollectionResponses.json(ctx, 201, body);
            return;
        }
        R request = shape.parser().parse(RequestBody.resource(ctx.body(), shape.resource()), Operation.CREATE, caller);
        CollectionResponses.show(ctx, 201, shape.resource(), render(service.create(caller, request), caller));
    }

    private void show(Context ctx) {
        RequestContext caller = callers.apply(ctx);
        CollectionResponses.show(ctx, 200, shape.resource(), render(service.get(caller, ctx.pathParam("id")), caller));
    }

    private void update(Context ctx) {
        RequestContext caller = callers.apply(ctx);
        R changes = shape.parser().parse(RequestBody.resource(ctx.body(), shape.resource()), Operation.UPDATE, caller);
        CollectionResponses.show(ctx, 200, shape.resource(),
                render(service.update(caller, ctx.pathParam("id"), changes), caller));
    }

    private void delete(Context ctx) {
        service.delete(callers.apply(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }
}
