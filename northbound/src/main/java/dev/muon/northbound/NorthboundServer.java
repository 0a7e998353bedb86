package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * The Neutron v2.0 REST endpoint: every collection, its member actions, tags,
 * auto-allocated-topology, extensions, version discovery and the one Keystone call the CLI
 * makes. It maps HTTP and JSON to {@link NetworkService} calls and refusals to Neutron error
 * bodies; it decides nothing itself. Every request but the version document ({@code GET /}) and
 * the monitoring endpoints ({@link #monitoring}) is authenticated first ({@link Authenticator}).
 * Port 0 binds an ephemeral port, see {@link #port()}.
 */
public final class NorthboundServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NorthboundServer.class);

    static final String CALLER = NorthboundServer.class.getName() + ".caller";

    private final RestOptions options;
    private final Authenticator authenticator;
    private final Javalin app;
    /** Hears of every request served; shows /metrics and /muon/v1/health once {@link #monitoring} is set. */
    private volatile Monitoring monitoring = Monitoring.NONE;
    private final ApiRoutes routes = new ApiRoutes();

    /** Plain HTTP without authentication (tests). */
    public NorthboundServer(NetworkService service, InetSocketAddress bind) {
        this(service, null, bind);
    }

    /** Plain HTTP without authentication, with the operator endpoints when {@code operator} is not null. */
    public NorthboundServer(NetworkService service, OperatorView operator, InetSocketAddress bind) {
        this(service, operator, RestOptions.plain(bind));
    }

    /** With the operator endpoints ({@code /muon/v1/...}) when {@code operator} is not null; no node known. */
    public NorthboundServer(NetworkService service, OperatorView operator, RestOptions options) {
        this(service, operator, AgentService.NONE, options);
    }

    /** With the nodes Muon knows as {@code agents} (the agent and availability zone APIs). */
    public NorthboundServer(NetworkService service, OperatorView operator, AgentService agents, RestOptions options) {
        this.options = options;
        this.authenticator = options.authenticator() != null ? options.authenticator()
                : Authenticator.noAuth(service.noAuthContext());
        HttpLimits limits = options.limits();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.routing.ignoreTrailingSlashes = true;
            config.http.maxRequestSize = limits.maxBodyBytes();
            config.jetty.server(() -> ApiJetty.server(options));
            config.jetty.contextHandlerConfig(context -> {
                FilterHolder bodies = new FilterHolder(new BoundedBodyFilter(limits));
                bodies.setAsyncSupported(true);
                context.addFilter(bodies, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
            });
            config.requestLogger.http((ctx, ms) -> {
                LOG.debug("{} {} -> {} ({} ms)", ctx.method(), ctx.fullUrl(), ctx.status(), ms);
                monitoring.served(routes.resource(ctx), ctx.method().name(), ctx.status().getCode(), ms / 1000.0);
            });
        });
        app.events(e -> e.handlerAdded(routes::added));
        app.before(this::authenticate);
        // Behind a load balancer, a request must see every write another controller acknowledged before it.
        app.before("/v2.0/*", ctx -> service.catchUp());
        Function<Context, RequestContext> callers = ctx -> ((RequestContext) ctx.attribute(CALLER))
                .withIfMatch(IfMatch.revisionConstraint(ctx.header("If-Match")));

        new VersionsResource().register(app);
        new ExtensionsResource().register(app);
        new ProjectsResource().register(app);
        // Member actions and tags first: their paths are longer than /{collection}/{id}.
        var routers = new CrudResource<>(RouterJson.SHAPE, service.routers(), callers);
        var trunks = new CrudResource<>(TrunkJson.SHAPE, service.trunks(), callers);
        new RouterActions(service.routers(), routers, callers).register(app);
        new TrunkActions(service.trunks(), trunks, callers).register(app);
        var addressGroups = new CrudResource<>(AddressGroupJson.SHAPE, service.addressGroups(), callers);
        new AddressGroupActions(service.addressGroups(), addressGroups, callers).register(app);
        new SubnetPoolPrefixActions(service.subnetPoolPrefixes(), callers).register(app);
        new FloatingIpPoolsResource(service, callers).register(app);
        new TagsResource(service.tags(), List.of(NetworkJson.COLLECTION, SubnetJson.COLLECTION,
                SubnetPoolJson.COLLECTION, PortJson.COLLECTION, RouterJson.COLLECTION, FloatingIpJson.COLLECTION,
                SecurityGroupJson.COLLECTION, TrunkJson.COLLECTION), callers).register(app);
        new AutoAllocatedTopologyResource(service.autoAllocation(), callers).register(app);
        new QuotasResource(service.quotas(), callers).register(app);
        new NetworkIpAvailabilityResource(service.networkIpAvailability(), callers).register(app);
        new CrudResource<>(NetworkJson.SHAPE, service.networks(), callers).register(app);
        new CrudResource<>(SubnetJson.SHAPE, service.subnets(), callers).register(app);
        new CrudResource<>(SubnetPoolJson.SHAPE, service.subnetPools(), callers).register(app);
        new CrudResource<>(PortJson.SHAPE, service.ports(), callers).register(app);
        routers.register(app);
        new CrudResource<>(FloatingIpJson.SHAPE, service.floatingIps(), callers).register(app);
        new CrudResource<>(SecurityGroupJson.SHAPE, service.securityGroups(), callers).register(app);
        new CrudResource<>(SecurityGroupRuleJson.SHAPE, service.securityGroupRules(), callers).register(app);
        trunks.register(app);
        if (service.addressScopes() != null) {
            new CrudResource<>(AddressScopeJson.SHAPE, service.addressScopes(), callers).register(app);
        }
        if (service.rbacPolicies() != null) {
            new CrudResource<>(RbacPolicyJson.SHAPE, service.rbacPolicies(), callers).register(app);
        }
        addressGroups.register(app);
        new AgentsResource(agents, callers).register(app);
        new AvailabilityZonesResource(agents, callers).register(app);
        if (operator != null) {
            new OperatorResource(operator, callers).register(app);
        }
        registerErrors();
    }

    /**
     * Shows {@code GET /metrics} and {@code GET /muon/v1/health} (live, ready) from {@code monitoring},
     * and reports every request to it. Call before {@link #start}.
     */
    public NorthboundServer monitoring(Monitoring monitoring) {
        this.monitoring = monitoring;
        new MonitoringResource(monitoring).register(app);
        return this;
    }

    /**
     * Who the caller is, before any route: only the version document and the monitoring endpoints
     * are public, as in Neutron (its healthcheck).
     */
    private void authenticate(Context ctx) {
        boolean read = "GET".equals(ctx.method().name()) || "HEAD".equals(ctx.method().name());
        if (read && (ctx.path().equals("/") || MonitoringResource.isPublic(ctx.path()))) {
            return;
        }
        ctx.attribute(CALLER, authenticator.authenticate(ctx));
    }

    private void registerErrors() {
        app.exception(NeutronException.class, (e, ctx) -> {
            if (e.status() == 503) {
                ctx.header("Retry-After", "5");   // a store outage: clients may retry on their own
            }
            CollectionResponses.json(ctx, e.status(), NeutronError.body(e));
        });
        app.exception(Unauthenticated.class, (e, ctx) -> {
            authenticator.challenge().ifPresent(c -> ctx.header("WWW-Authenticate", c));
            CollectionResponses.json(ctx, 401, keystoneRefusal());
        });
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

    /** keystonemiddleware's 401 body (it answers before Neutron does, so not a NeutronError). */
    private static ObjectNode keystoneRefusal() {
        ObjectNode body = Json.object();
        body.putObject("error").put("code", 401).put("title", "Unauthorized")
                .put("message", "The request you have made requires authentication.");
        return body;
    }

    public void start() {
        app.start();
        String where = scheme() + "://" + options.bind().getHostString() + ":" + port();
        if (authenticator.trusting()) {
            LOG.warn("Neutron API on {} is {}", where, authenticator.describe());
            InetAddress address = options.bind().getAddress();
            if (address == null || !address.isLoopbackAddress()) {
                LOG.warn("the UNAUTHENTICATED Neutron API is reachable from other hosts (rest.bind={}): anyone there "
                        + "can act as admin", options.bind().getHostString());
            }
        } else {
            LOG.info("Neutron API listening on {}, callers identified by {}", where, authenticator.describe());
        }
    }

    /** "https" when the API speaks TLS (then only TLS), else "http". */
    public String scheme() {
        return options.tls() != null ? "https" : "http";
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
