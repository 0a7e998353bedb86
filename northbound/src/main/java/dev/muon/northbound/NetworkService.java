package dev.muon.northbound;

import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.util.List;

/**
 * The Neutron core resources as the northbound sees them. Implementations own every rule
 * (defaults, validation, IPAM, allocation) and report refusals as {@link NeutronException};
 * each write is atomic: a refused request changes nothing.
 */
public interface NetworkService {

    NetworkView createNetwork(NetworkRequest request);

    List<NetworkView> listNetworks();

    /** @throws NeutronException 404 NetworkNotFound */
    NetworkView getNetwork(String id);

    NetworkView updateNetwork(String id, NetworkRequest changes);

    /** @throws NeutronException 409 NetworkInUse while ports remain */
    void deleteNetwork(String id);

    Subnet createSubnet(SubnetRequest request);

    List<Subnet> listSubnets();

    /** @throws NeutronException 404 SubnetNotFound */
    Subnet getSubnet(String id);

    Subnet updateSubnet(String id, SubnetRequest changes);

    /** @throws NeutronException 409 SubnetInUse while ports hold addresses from it */
    void deleteSubnet(String id);

    Port createPort(PortRequest request);

    List<Port> listPorts();

    /** @throws NeutronException 404 PortNotFound */
    Port getPort(String id);

    Port updatePort(String id, PortRequest changes);

    void deletePort(String id);
}
