package dev.muon.northbound;

import dev.muon.pipeline.model.HostRoute;

import java.util.List;

/** Routers: the collection plus Neutron's member actions on /v2.0/routers/{id}/... */
public interface RouterService extends ResourceService<RouterView, RouterRequest> {

    /** PUT add_router_interface: creates (by subnet) or adopts (by port) an interface port. */
    RouterInterfaceInfo addInterface(RequestContext ctx, String routerId, RouterInterfaceRequest request);

    /** PUT remove_router_interface: deletes the interface port (or its address on that subnet). */
    RouterInterfaceInfo removeInterface(RequestContext ctx, String routerId, RouterInterfaceRequest request);

    /** PUT add_extraroutes (extraroute-atomic): adds routes not already present. */
    RouterView addExtraRoutes(RequestContext ctx, String routerId, List<HostRoute> routes);

    /** PUT remove_extraroutes: removes the routes given, ignoring absent ones. */
    RouterView removeExtraRoutes(RequestContext ctx, String routerId, List<HostRoute> routes);
}
