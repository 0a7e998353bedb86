package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.AutoAllocatedTopologyView;
import dev.muon.northbound.AutoAllocationService;
import dev.muon.northbound.GatewayRequest;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.RouterInterfaceRequest;
import dev.muon.northbound.RouterRequest;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.AutoAllocatedTopology;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.model.SubnetPool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * "Get me a network" (auto-allocated-topology). A project gets, once, a network
 * "auto_allocated_network" with a subnet "auto_allocated_subnet_v4"/"_v6" from each default
 * subnet pool it may use, and a router "auto_allocated_router" with those subnets as interfaces
 * and a gateway on the default external network. It is built exactly when the three conditions
 * of seed 000 hold: (1) a default external network exists, (2) a default subnet pool is usable
 * by the project, (3) the project has no network of its own yet; otherwise Neutron's
 * AutoAllocationFailure ("Deployment error: ...") answers and nothing is created.
 */
final class AutoAllocation implements AutoAllocationService {
    static final String DRY_RUN_PASS = "dry-run=pass";

    private final ModelStore store;
    private final ServiceConfig config;
    private final NetworkOperations networks;
    private final SubnetOperations subnets;
    private final RouterOperations routers;

    AutoAllocation(ModelStore store, ServiceConfig config, NetworkOperations networks, SubnetOperations subnets,
                   RouterOperations routers) {
        this.store = store;
        this.config = config;
        this.networks = networks;
        this.subnets = subnets;
        this.routers = routers;
    }

    @Override
    public AutoAllocatedTopologyView get(RequestContext ctx, String projectId, boolean dryRun) {
        String project = project(ctx, projectId);
        if (dryRun) {
            NetworkModel m = store.snapshot();
            if (m.get(ResourceKind.AUTO_ALLOCATED_TOPOLOGY, project).isEmpty()) {
                check(m, project, true);
            }
            return new AutoAllocatedTopologyView(DRY_RUN_PASS, project);
        }
        String networkId = ModelWrites.write(store, m -> {
            Optional<AutoAllocatedTopology> existing = m.get(ResourceKind.AUTO_ALLOCATED_TOPOLOGY, project);
            if (existing.isPresent()) {
                return Result.unchanged(m, existing.get().networkId());
            }
            List<SubnetPool> pools = check(m, project, false);
            return build(m, project, pools);
        });
        return new AutoAllocatedTopologyView(networkId, project);
    }

    @Override
    public void delete(RequestContext ctx, String projectId) {
        String project = project(ctx, projectId);
        RequestContext acting = actingFor(project);
        ModelWrites.write(store, m -> {
            Optional<AutoAllocatedTopology> topology = m.get(ResourceKind.AUTO_ALLOCATED_TOPOLOGY, project);
            if (topology.isEmpty()) {
                return Result.unchanged(m, null);
            }
            NetworkModel next = m;
            Optional<Router> router = next.get(ResourceKind.ROUTER, topology.get().routerId());
            if (router.isPresent()) {
                for (Port p : RouterOperations.interfaces(next, router.get().id())) {
                    Router current = next.get(ResourceKind.ROUTER, router.get().id()).orElseThrow();
                    next = routers.removeInterface(next, acting, current, RouterInterfaceRequest.port(p.id())).next();
                }
                Router current = next.get(ResourceKind.ROUTER, router.get().id()).orElseThrow();
                next = routers.delete(next, acting, current).next();
            }
            Optional<Network> network = next.network(topology.get().networkId());
            if (network.isPresent()) {
                next = networks.delete(next, acting, network.get()).next();
            }
            return Result.of(next.without(ResourceKind.AUTO_ALLOCATED_TOPOLOGY, project), null);
        });
    }

    /** The project the request is about: "None" (what clients send without one) means the caller's. */
    private String project(RequestContext ctx, String projectId) {
        String caller = ctx.projectId() == null ? config.defaultProjectId() : ctx.projectId();
        String project = projectId == null || projectId.equals("None") ? caller : projectId;
        if (!ctx.isAdmin() && !project.equals(caller)) {
            throw ServiceErrors.notAuthorized();
        }
        return project;
    }

    /** The three conditions; the default pools to allocate from when they hold. */
    private static List<SubnetPool> check(NetworkModel m, String project, boolean dryRun) {
        defaultExternalNetwork(m);
        RequestContext asProject = Policies.asProject(project);
        List<SubnetPool> pools = new ArrayList<>();
        for (int version : new int[] {4, 6}) {
            SubnetPoolOperations.defaultPool(m, asProject, version).ifPresent(pools::add);
        }
        if (pools.isEmpty()) {
            throw ServiceErrors.autoAllocationFailure(dryRun ? "No default subnetpools defined"
                    : "Unable to provide project private network");
        }
        boolean hasNetworks = m.networks().values().stream().anyMatch(n -> n.projectId().equals(project));
        if (hasNetworks) {
            throw ServiceErrors.autoAllocationFailure("Project " + project + " already has networks of its own, "
                    + "so none is allocated automatically");
        }
        return pools;
    }

    private static Network defaultExternalNetwork(NetworkModel m) {
        return m.networks().values().stream()
                .filter(n -> n.external() && n.isDefault())
                .min(Comparator.comparing(Network::createdAt))
                .orElseThrow(() -> ServiceErrors.autoAllocationFailure("No default router:external network"));
    }

    private Result<String> build(NetworkModel m, String project, List<SubnetPool> pools) {
        RequestContext acting = actingFor(project);
        Network external = defaultExternalNetwork(m);
        Result<Network> network = networks.create(m, acting, new NetworkRequest("auto_allocated_network", null,
                project, true, false, null, null, null, null, null, null, null, null));
        NetworkModel next = network.next();
        List<Subnet> created = new ArrayList<>();
        try {
            for (SubnetPool pool : pools) {
                Result<Subnet> s = subnets.create(next, acting, new SubnetRequest("auto_allocated_subnet_v"
                        + pool.ipVersion(), null, project, network.value().id(), pool.ipVersion(), null, null, null,
                        null, null, null, null, null, pool.id(), null, null, null));
                next = s.next();
                created.add(s.value());
            }
        } catch (NeutronException e) {
            throw ServiceErrors.autoAllocationFailure("Unable to provide project private network");
        }
        try {
            Result<Router> router = routers.create(next, acting, RouterRequest.named("auto_allocated_router")
                    .withGateway(GatewayRequest.to(external.id())).withProject(project));
            next = router.next();
            for (Subnet s : created) {
                Router current = next.get(ResourceKind.ROUTER, router.value().id()).orElseThrow();
                next = routers.addInterface(next, acting, current, RouterInterfaceRequest.subnet(s.id())).next();
            }
            next = next.with(ResourceKind.AUTO_ALLOCATED_TOPOLOGY,
                    new AutoAllocatedTopology(project, network.value().id(), router.value().id()));
        } catch (NeutronException e) {
            throw ServiceErrors.autoAllocationFailure("Unable to provide external connectivity");
        }
        return Result.of(next, network.value().id());
    }

    /** The service acting for a project with admin rights (it creates the gateway port, ...). */
    private static RequestContext actingFor(String project) {
        return new RequestContext(project, null, Set.of(RequestContext.ADMIN_ROLE), null);
    }
}
