package dev.muon.pipeline.compile;

import java.util.Set;

/**
 * How a node wires a Neutron port's VIF on br-int: on its network's local VLAN, or parked on
 * the dead VLAN, and why. The compiler decides it once; port bindings and trunk statuses read
 * it rather than deciding again.
 *
 * @param localVlan  the port's access tag, or null when the VIF is dead
 * @param deadReason why the VIF is dead, or null when it is wired
 * @param path       the bridges whose flows carry the port's traffic (br-int; br-tun for VXLAN,
 *                   the physical bridge for VLAN/flat; a trunk patch's tbr-): the port works
 *                   once each holds its flows; empty while one of them cannot be programmed yet
 *                   (a patch port without an OpenFlow number)
 */
public record PortWiring(String portId, String interfaceName, Integer localVlan, DeadReason deadReason,
                         Set<String> path) {

    /** Why a plugged VIF stays on the dead VLAN. */
    public enum DeadReason {
        NOT_NUMBERED("not numbered by Open vSwitch yet"),
        UNKNOWN_PORT("no such port"),
        ADMIN_DOWN("admin_state_up is false"),
        NO_NETWORK("its network does not exist"),
        NOT_CARRIED("its physical network is not mapped on this node"),
        NO_LOCAL_VLAN("its network has no local VLAN here yet"),
        BOUND_ELSEWHERE("the port is bound to another host (binding:host_id)");

        private final String text;

        DeadReason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public PortWiring {
        path = Set.copyOf(path);
    }

    static PortWiring wired(LocalPort lp, Set<String> path) {
        return new PortWiring(lp.port().id(), lp.interfaceName(), lp.localVlan(), null, path);
    }

    static PortWiring dead(String portId, String interfaceName, DeadReason reason) {
        return new PortWiring(portId, interfaceName, null, reason, Set.of());
    }

    public boolean isWired() {
        return localVlan != null;
    }

    /** Wired, and every bridge on its path can hold its flows. */
    public boolean isProgrammable() {
        return isWired() && !path.isEmpty();
    }
}
