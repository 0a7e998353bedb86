package dev.muon.northbound;

import java.util.List;

/** What add/remove_router_interface answer: the router, the interface port and its subnets. */
public record RouterInterfaceInfo(String routerId, String projectId, String portId, String networkId,
                                  String subnetId, List<String> subnetIds) {
    public RouterInterfaceInfo {
        subnetIds = List.copyOf(subnetIds);
    }
}
