package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.Port;

/** A Neutron port whose VIF is plugged on the node being compiled, with where and on what VLAN. */
public record LocalPort(Port port, Network network, String interfaceName, int ofport, int localVlan) {
}
