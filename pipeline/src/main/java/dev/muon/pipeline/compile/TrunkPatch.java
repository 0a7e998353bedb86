package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.Port;

/**
 * One patch pair between a trunk bridge and br-int: the parent's ({@code tpt-}/{@code tpi-})
 * or a subport's ({@code spt-}/{@code spi-}). The br-int end carries the port's iface-id and
 * attached-mac, so the rest of the pipeline wires it as an ordinary VIF of that port.
 *
 * @param vlan the VLAN the VM sees this port's traffic on (the subport's segmentation id), or
 *             null for the parent, whose traffic is untagged
 */
record TrunkPatch(Port port, String trunkSide, String integrationSide, Integer vlan) {

    static TrunkPatch parent(Port port) {
        return new TrunkPatch(port, TrunkNames.parentTrunkSide(port.id()),
                TrunkNames.parentIntegrationSide(port.id()), null);
    }

    static TrunkPatch subport(Port port, int segmentationId) {
        return new TrunkPatch(port, TrunkNames.subportTrunkSide(port.id()),
                TrunkNames.subportIntegrationSide(port.id()), segmentationId);
    }
}
