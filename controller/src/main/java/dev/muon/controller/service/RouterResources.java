package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.RouterInterfaceInfo;
import dev.muon.northbound.RouterInterfaceRequest;
import dev.muon.northbound.RouterRequest;
import dev.muon.northbound.RouterService;
import dev.muon.northbound.RouterView;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Router;

import java.util.List;

/** The routers collection and its member actions, each one transaction. */
final class RouterResources extends StoredResources<Router, RouterView, RouterRequest> implements RouterService {
    private final RouterOperations operations;

    RouterResources(ModelStore store, RouterOperations operations, AvailabilityZones zones, QuotaCheck quota) {
        super(store, Policies.ROUTERS, operations, (m, r) -> new RouterView(r, RouterOperations.gatewayIps(m, r),
                zones.servedIn(r.availabilityZoneHints())), null, quota);
        this.operations = operations;
    }

    static RouterView routerView(NetworkModel m, Router r) {
        return new RouterView(r, RouterOperations.gatewayIps(m, r));
    }

    @Override
    public RouterInterfaceInfo addInterface(RequestContext ctx, String routerId, RouterInterfaceRequest request) {
        return ModelWrites.write(store, m -> operations.addInterface(m, ctx,
                rules.findChangeable(m, ctx, routerId, "add_router_interface"), request));
    }

    @Override
    public RouterInterfaceInfo removeInterface(RequestContext ctx, String routerId, RouterInterfaceRequest request) {
        return ModelWrites.write(store, m -> operations.removeInterface(m, ctx,
                rules.findChangeable(m, ctx, routerId, "remove_router_interface"), request));
    }

    @Override
    public RouterView addExtraRoutes(RequestContext ctx, String routerId, List<HostRoute> routes) {
        return committed(ctx, m -> operations.addExtraRoutes(m,
                rules.findChangeable(m, ctx, routerId, "add_extraroutes"), routes));
    }

    @Override
    public RouterView removeExtraRoutes(RequestContext ctx, String routerId, List<HostRoute> routes) {
        return committed(ctx, m -> operations.removeExtraRoutes(m,
                rules.findChangeable(m, ctx, routerId, "remove_extraroutes"), routes));
    }

}
