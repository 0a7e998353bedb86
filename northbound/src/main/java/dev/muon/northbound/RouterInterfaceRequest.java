package dev.muon.northbound;

/** The body of add_router_interface / remove_router_interface: a subnet or a port (null: not sent). */
public record RouterInterfaceRequest(String subnetId, String portId) {
    public static RouterInterfaceRequest subnet(String subnetId) {
        return new RouterInterfaceRequest(subnetId, null);
    }

    public static RouterInterfaceRequest port(String portId) {
        return new RouterInterfaceRequest(null, portId);
    }
}
