package dev.muon.pipeline.model;

/**
 * A router's uplink to an external network: the network, whether traffic from the router's
 * subnets is source-NATed to the gateway address, and the gateway port (device_owner
 * network:router_gateway) that holds the router's external addresses.
 */
public record RouterGateway(String networkId, boolean enableSnat, String portId) {
}
