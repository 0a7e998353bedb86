package dev.muon.pipeline.compile;

/**
 * How a node wires a Neutron port's VIF on br-int: on its network's local VLAN, or parked on
 * the dead VLAN, and why. The compiler decides it once; port bindings and trunk statuses read
 * it rather than deciding again.
 *
 * @param localVlan  the port's access tag, or null when the VIF is dead
 * @param deadReason why the VIF is dead, or null when it is wired
 */
public record PortWiring(String portId, String interfaceName, Integer localVlan, String deadReason) {

    static PortWiring wired(LocalPort lp) {
        return new PortWiring(lp.port().id(), lp.interfaceName(), lp.localVlan(), null);
    }

    static PortWiring dead(String portId, String interfaceName, String reason) {
        return new PortWiring(portId, interfaceName, null, reason);
    }

    public boolean isWired() {
        return localVlan != null;
    }
}
