package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A Neutron router. Its interfaces are the ports whose device_id is the router's id and whose
 * device_owner is one of {@link DeviceOwner#ROUTER_INTERFACE_OWNERS}; {@code gateway} is null
 * when it has no external gateway. {@code routes} are its extra routes (destination via nexthop).
 */
public record Router(
        String id,
        String name,
        String description,
        String projectId,
        boolean adminStateUp,
        String status,
        RouterGateway gateway,
        boolean distributed,
        boolean ha,
        List<HostRoute> routes,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber) implements Tagged<Router> {

    public Router {
        routes = List.copyOf(routes);
        tags = Tagged.canonical(tags);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Router revised(Instant at) {
        return new Router(id, name, description, projectId, adminStateUp, status, gateway, distributed, ha, routes,
                tags, createdAt, at, revisionNumber + 1);
    }

    /** A copy with another gateway (null: none), not yet revised. */
    public Router withGateway(RouterGateway newGateway) {
        return new Router(id, name, description, projectId, adminStateUp, status, newGateway, distributed, ha,
                routes, tags, createdAt, updatedAt, revisionNumber);
    }

    /** A copy with other extra routes, not yet revised. */
    public Router withRoutes(List<HostRoute> newRoutes) {
        return new Router(id, name, description, projectId, adminStateUp, status, gateway, distributed, ha,
                newRoutes, tags, createdAt, updatedAt, revisionNumber);
    }

    @Override
    public Router withTags(Collection<String> newTags, Instant at) {
        return new Router(id, name, description, projectId, adminStateUp, status, gateway, distributed, ha, routes,
                List.copyOf(newTags), createdAt, updatedAt, revisionNumber).revised(at);
    }
}
