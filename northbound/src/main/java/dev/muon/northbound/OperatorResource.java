package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.function.Function;

/**
 * {@code /muon/v1/...}: the operator endpoints, text/plain, for admins only: a node's flows and
 * traces show every project's addresses and MACs.
 */
final class OperatorResource {
    private final OperatorView view;
    private final Function<Context, RequestContext> callers;

    OperatorResource(OperatorView view, Function<Context, RequestContext> callers) {
        this.view = view;
        this.callers = callers;
    }

    void register(Javalin app) {
        app.before("/muon/*", ctx -> {
            if (ctx.attribute(NorthboundServer.CALLER) == null && MonitoringResource.isPublic(ctx.path())) {
                return;   // the health checks: public
            }
            if (!callers.apply(ctx).isAdmin()) {
                throw NeutronException.policy("context_is_admin");
            }
        });
        app.get("/muon/v1/nodes", ctx -> text(ctx, 200, view.nodes()));
        app.get("/muon/v1/nodes/{node}/trace", this::trace);
        app.get("/muon/v1/nodes/{node}/flows", ctx -> {
            String node = ctx.pathParam("node");
            view.flows(node, ctx.queryParam("bridge")).ifPresentOrElse(
                    t -> text(ctx, 200, t),
                    () -> text(ctx, 404, "unknown node " + node + " (connected nodes: see /muon/v1/nodes)\n"));
        });
    }

    private void trace(Context ctx) {
        String node = ctx.pathParam("node");
        String bridge = ctx.queryParam("bridge");
        String packet = ctx.queryParam("flow");
        if (bridge == null || packet == null) {
            text(ctx, 400, "give ?bridge=br-int&flow=in_port=...,dl_src=...,dl_dst=...\n");
            return;
        }
        try {
            view.trace(node, bridge, packet).ifPresentOrElse(
                    t -> text(ctx, 200, t),
                    () -> text(ctx, 404, "unknown node " + node + " (connected nodes: see /muon/v1/nodes)\n"));
        } catch (IllegalArgumentException e) {
            text(ctx, 400, e.getMessage() + "\n");
        }
    }

    private static void text(Context ctx, int status, String body) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(body);
    }
}
