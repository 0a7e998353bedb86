package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.function.Function;

/** {@code /v2.0/agents}: list, show, update (admin_state_up, description) and delete; no create, as in Neutron. */
final class AgentsResource {
    private final AgentService agents;
    private final Function<Context, RequestContext> callers;

    AgentsResource(AgentService agents, Function<Context, RequestContext> callers) {
        this.agents = agents;
        this.callers = callers;
    }

    void register(Javalin app) {
        String path = "/v2.0/" + AgentJson.COLLECTION;
        app.get(path, ctx -> CollectionResponses.list(ctx, AgentJson.COLLECTION, AgentJson.ATTRIBUTES,
                agents.list(callers.apply(ctx)).stream().map(AgentJson::render).toList()));
        app.get(path + "/{id}", ctx -> CollectionResponses.show(ctx, 200, AgentJson.RESOURCE,
                AgentJson.render(agents.get(callers.apply(ctx), ctx.pathParam("id")))));
        app.put(path + "/{id}", this::update);
        app.delete(path + "/{id}", ctx -> {
            agents.delete(callers.apply(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    private void update(Context ctx) {
        RequestContext caller = callers.apply(ctx);
        AgentRequest changes = AgentJson.parse(RequestBody.resource(ctx.body(), AgentJson.RESOURCE), caller);
        CollectionResponses.show(ctx, 200, AgentJson.RESOURCE,
                AgentJson.render(agents.update(caller, ctx.pathParam("id"), changes)));
    }
}
