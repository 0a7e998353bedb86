package dev.muon.northbound;

import dev.muon.pipeline.model.HostRoute;

import java.util.List;
import java.util.Optional;

/**
 * The attributes a client sent in a router create or update; a null component was not sent.
 * {@code gateway} is three-valued: null = not sent, empty = remove the gateway
 * ({@code "external_gateway_info": {}} or null), present = set it.
 */
public record RouterRequest(
        String name,
        String description,
        String projectId,
        Boolean adminStateUp,
        Optional<GatewayRequest> gateway,
        Boolean distributed,
        Boolean ha,
        List<HostRoute> routes,
        List<String> tags,
        List<String> availabilityZoneHints) {

    /** With no availability zone hints sent. */
    public RouterRequest(String name, String description, String projectId, Boolean adminStateUp,
                         Optional<GatewayRequest> gateway, Boolean distributed, Boolean ha, List<HostRoute> routes,
                         List<String> tags) {
        this(name, description, projectId, adminStateUp, gateway, distributed, ha, routes, tags, null);
    }

    public static RouterRequest named(String name) {
        return new RouterRequest(name, null, null, null, null, null, null, null, null);
    }

    public RouterRequest withProject(String project) {
        return new RouterRequest(name, description, project, adminStateUp, gateway, distributed, ha, routes, tags,
                availabilityZoneHints);
    }

    public RouterRequest withGateway(GatewayRequest g) {
        return new RouterRequest(name, description, projectId, adminStateUp, Optional.ofNullable(g), distributed, ha,
                routes, tags, availabilityZoneHints);
    }
}
