package dev.muon.northbound;

import java.util.List;

/** The attributes a client sent in a trunk create or update; a null component was not sent. */
public record TrunkRequest(
        String name,
        String description,
        String projectId,
        String portId,
        Boolean adminStateUp,
        List<SubPortRequest> subPorts,
        List<String> tags) {

    public static TrunkRequest parent(String portId) {
        return new TrunkRequest(null, null, null, portId, null, null, null);
    }
}
