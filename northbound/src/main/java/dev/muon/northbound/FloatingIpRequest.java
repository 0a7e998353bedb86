package dev.muon.northbound;

import java.util.List;
import java.util.Optional;

/**
 * The attributes a client sent in a floating IP create or update; a null component was not
 * sent. {@code portId} is three-valued: null = not sent, empty = disassociate
 * ({@code "port_id": null}), present = associate with that port (at {@code fixedIpAddress}
 * when the port has several IPv4 addresses).
 */
public record FloatingIpRequest(
        String description,
        String projectId,
        String floatingNetworkId,
        String floatingIpAddress,
        String subnetId,
        Optional<String> portId,
        String fixedIpAddress,
        List<String> tags) {

    public static FloatingIpRequest on(String floatingNetworkId) {
        return new FloatingIpRequest(null, null, floatingNetworkId, null, null, null, null, null);
    }

    public static FloatingIpRequest associate(String portId) {
        return new FloatingIpRequest(null, null, null, null, null, Optional.ofNullable(portId), null, null);
    }
}
