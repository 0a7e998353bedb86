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
        long revisionNumber,
        List<String> availabilityZoneHints) implements Tagged<Router> {

    public Router {
        routes = List.copyOf(routes);
        tags = Tagged.canonical(tags);
        availabilityZoneHints = availabilityZoneHints == null ? List.of() : List.copyOf(availabilityZoneHints);
    }

    /** With no availability zone hints. */
    public Router(String id, String name, String description, String projectId, boolean adminStateUp, String status,
                  RouterGateway gateway, boolean distributed, boolean ha, List<HostRoute> routes, List<String> tags,
                  Instant createdAt, Instant updatedAt, long revisionNumber) {
        this(id, name, description, projectId, adminStateUp, status, gateway, distributed, ha, routes, tags, createdAt,
                updatedAt, revisionNumber, List.of());
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Router revised(Instant at) {
        return new Router(id, name, description, projectId, adminStateUp, status, gateway, distributed, ha, routes,
                tags, createdAt, at, revisionNumber + 1, availabilityZoneHints);
    }

    /** A copy with another gateway (null: none), not yet revised. */
    public Router withGateway(RouterGateway newGateway) {
        return new Router(id, name, description, projectId, adminStateUp, status, newGateway, distributed, ha,
                routes, tags, createdAt, updatedAt, revisionNumber, availabilityZoneHints);
    }

    /** A copy with other extra routes, not yet revised. */
    public Router withRoutes(List<HostRoute> newRoutes) {
        return new Router(id, name, description, projectId, adminStateUp, status, gateway, distributed, ha,
                newRoutes, tags, createdAt, updatedAt, revisionNumber, availabilityZoneHints);
    }

    @Override
    public Router withTags(Collection<String> newTags, Instant at) {
        return new Router(id, name, description, projectId, adminStateUp, status, gateway, distributed, ha, routes,
                List.copyOf(newTags), createdAt, updatedAt, revisionNumber, availabilityZoneHints).revised(at);
    }
}
