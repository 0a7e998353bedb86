package dev.muon.pipeline.compile;

/**
 * A bridge of the node's {@code muon-bridge-mappings} (Neutron's br-ethX or br-ex): the
 * physical network it carries and the patch pair that joins it to br-int. Muon creates the
 * bridge if missing and owns its flows and patch port, never its NICs.
 *
 * @param integrationPort {@code int-<bridge>}, on br-int
 * @param physicalPort    {@code phy-<bridge>}, on the physical bridge
 */
public record PhysicalBridge(String physnet, String bridge, String integrationPort, String physicalPort) {

    public static PhysicalBridge of(String physnet, String bridge) {
        return new PhysicalBridge(physnet, bridge, Bridges.integrationPatchName(bridge),
                Bridges.physicalPatchName(bridge));
    }
}
