package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;

/**
 * The Neutron v2.0 REST endpoint: every collection, its member actions, tags,
 * auto-allocated-topology, extensions, version discovery and the one Keystone call the CLI
 * makes. It maps HTTP and JSON to {@link NetworkService} calls and refusals to Neutron error
 * bodies; it decides nothing itself. Port 0 binds an ephemeral port, see {@link #port()}.
 */
public final class NorthboundServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NorthboundServer.class);

    private final InetSocketAddress bind;
    private final Javalin app;

    public NorthboundServer(NetworkService service, InetSocketAddress bind) {
        this(service, null, bind);
    }

    /** With the operator endpoints ({@code /muon/v1/...}) when {@code operator} is not null. */
    public NorthboundServer(NetworkService service, OperatorView operator, InetSocketAddress bind) {
        this.bind = bind;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.routing.ignoreTrailingSlashes = true;
            config.requestLogger.http((ctx, ms) ->
                    LOG.debug("{} {} -> {} ({} ms)", ctx.method(), ctx.fullUrl(), ctx.status(), ms));
        });
        RequestContext noAuth = service.noAuthContext();
        Function<Context, RequestContext> callers = ctx -> Callers.of(ctx, noAuth);

        new VersionsResource().register(app);
        new ExtensionsResource().register(app);
        new ProjectsResource().register(app);
        // Member actions and tags first: their paths are longer than /{collection}/{id}.
        var routers = new CrudResource<>(RouterJson.SHAPE, service.routers(), callers);
        var trunks = new CrudResource<>(TrunkJson.SHAPE, service.trunks(), callers);
        new RouterActions(service.routers(), routers, callers).register(app);
        new TrunkActions(service.trunks(), trunks, callers).register(app);
        new TagsResource(service.tags(), List.of(NetworkJson.COLLECTION, SubnetJson.COLLECTION,
                SubnetPoolJson.COLLECTION, PortJson.COLLECTION, RouterJson.COLLECTION, FloatingIpJson.COLLECTION,
                SecurityGroupJson.COLLECTION, TrunkJson.COLLECTION), callers).register(app);
        new AutoAllocatedTopologyResource(service.autoAllocation(), callers).register(app);
        new CrudResource<>(NetworkJson.SHAPE, service.networks(), callers).register(app);
        new CrudResource<>(SubnetJson.SHAPE, service.subnets(), callers).register(app);
        new CrudResource<>(SubnetPoolJson.SHAPE, service.subnetPools(), callers).register(app);
        new CrudResource<>(PortJson.SHAPE, service.ports(), callers).register(app);
        routers.register(app);
        new CrudResource<>(FloatingIpJson.SHAPE, service.floatingIps(), callers).register(app);
        new CrudResource<>(SecurityGroupJson.SHAPE, service.securityGroups(), callers).register(app);
        new CrudResource<>(SecurityGroupRuleJson.SHAPE, service.securityGroupRules(), callers).register(app);
        trunks.register(app);
        if (operator != null) {
            new OperatorResource(operator).register(app);
        }
        registerErrors();
    }

    private void registerErrors() {
        app.exception(NeutronException.class, (e, ctx) ->
                CollectionResponses.json(ctx, e.status(), NeutronError.body(e)));
        // Javalin's own refusals: unknown route, wrong method.
        app.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String type = switch (status) {
                case 404 -> "HTTPNotFound";
                case 405 -> "HTTPMethodNotAllowed";
                default -> "HTTPError";
            };
            String message = status == 404 ? "The resource could not be found." : e.getMessage();
            CollectionResponses.json(ctx, status, NeutronError.body(type, message));
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            CollectionResponses.json(ctx, 500, NeutronError.body("HTTPInternalServerError",
                    "Request Failed: internal server error while processing your request."));
        });
    }

    public void start() {
        app.start(bind.getHostString(), bind.getPort());
        LOG.info("Neutron API listening on {}:{}", bind.getHostString(), port());
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
