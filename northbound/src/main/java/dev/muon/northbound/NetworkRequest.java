package dev.muon.northbound;

import java.util.List;

/**
 * The attributes a client sent in a network create or update. A null component was not
 * sent: on create the service applies Neutron's default, on update it keeps the current value.
 * Provider attributes are passed as sent; the service validates them.
 */
public record NetworkRequest(
        String name,
        String description,
        String projectId,
        Boolean adminStateUp,
        Boolean shared,
        Boolean external,
        String networkType,
        String physicalNetwork,
        Integer segmentationId,
        Integer mtu,
        Boolean portSecurityEnabled,
        Boolean isDefault,
        List<String> tags,
        String dnsDomain,
        List<String> availabilityZoneHints) {

    /** A request without dns_domain and availability zone hints. */
    public NetworkRequest(String name, String description, String projectId, Boolean adminStateUp, Boolean shared,
                          Boolean external, String networkType, String physicalNetwork, Integer segmentationId,
                          Integer mtu, Boolean portSecurityEnabled, Boolean isDefault, List<String> tags) {
        this(name, description, projectId, adminStateUp, shared, external, networkType, physicalNetwork,
                segmentationId, mtu, portSecurityEnabled, isDefault, tags, null, null);
    }

    public static NetworkRequest named(String name) {
        return new NetworkRequest(name, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
