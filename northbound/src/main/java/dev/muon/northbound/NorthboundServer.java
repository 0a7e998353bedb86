package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The Neutron v2.0 REST endpoint (networks, subnets, ports, extensions, version discovery).
 * It maps HTTP and JSON to {@link NetworkService} calls and refusals to Neutron error bodies;
 * it decides nothing itself. Port 0 binds an ephemeral port, see {@link #port()}.
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
        new VersionsResource().register(app);
        new ExtensionsResource().register(app);
        new CrudResource<>(NetworkJson.RESOURCE, NetworkJson.COLLECTION, NetworkJson.ATTRIBUTES,
                NetworkJson::render, NetworkJson::parse, service::listNetworks, service::createNetwork,
                service::getNetwork, service::updateNetwork, service::deleteNetwork).register(app);
        new CrudResource<>(SubnetJson.RESOURCE, SubnetJson.COLLECTION, SubnetJson.ATTRIBUTES,
                SubnetJson::render, SubnetJson::parse, service::listSubnets, service::createSubnet,
                service::getSubnet, service::updateSubnet, service::deleteSubnet).register(app);
        new CrudResource<>(PortJson.RESOURCE, PortJson.COLLECTION, PortJson.ATTRIBUTES,
                PortJson::render, PortJson::parse, service::listPorts, service::createPort,
                service::getPort, service::updatePort, service::deletePort).register(app);
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
