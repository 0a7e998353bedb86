package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;

/** Neutron's exceptions with its status codes, types and messages, so clients see what they expect. */
final class ServiceErrors {
    private ServiceErrors() {
    }

    static NeutronException networkNotFound(String id) {
        return NeutronException.notFound("NetworkNotFound", "Network " + id + " could not be found.");
    }

    static NeutronException subnetNotFound(String id) {
        return NeutronException.notFound("SubnetNotFound", "Subnet " + id + " could not be found.");
    }

    static NeutronException portNotFound(String id) {
        return NeutronException.notFound("PortNotFound", "Port " + id + " could not be found.");
    }

    static NeutronException securityGroupNotFound(String id) {
        return NeutronException.notFound("SecurityGroupNotFound", "Security group " + id + " does not exist");
    }

    static NeutronException required(String attribute) {
        return NeutronException.badRequest("Failed to parse request. Required attribute '" + attribute
                + "' not specified");
    }

    /** Neutron's "Invalid input for &lt;attribute&gt;. Reason: ..." for a value of the right type but wrong form. */
    static NeutronException invalidAttribute(String attribute, String reason) {
        return NeutronException.badRequest("Invalid input for " + attribute + ". Reason: " + reason + ".");
    }

    static NeutronException invalidInput(String reason) {
        return NeutronException.invalidInput(reason);
    }

    static NeutronException networkInUse(String id) {
        return NeutronException.conflict("NetworkInUse", "Unable to complete operation on network " + id
                + ". There are one or more ports still in use on the network.");
    }

    static NeutronException subnetInUse(String id) {
        return NeutronException.conflict("SubnetInUse", "Unable to complete operation on subnet " + id
                + ": One or more ports have an IP allocation from this subnet.");
    }

    static NeutronException ipAddressAlreadyAllocated(String ip, String subnetId) {
        return NeutronException.conflict("IpAddressAlreadyAllocated",
                "IP address " + ip + " already allocated in subnet " + subnetId);
    }

    static NeutronException macAddressInUse(String networkId, String mac) {
        return NeutronException.conflict("MacAddressInUse", "Unable to complete operation for network "
                + networkId + ". The mac address " + mac + " is in use.");
    }

    static NeutronException noMoreAddressesInSubnet(String subnetId) {
        return NeutronException.conflict("IpAddressGenerationFailure",
                "No more IP addresses available for subnet " + subnetId + ".");
    }

    static NeutronException noMoreAddressesOnNetwork(String networkId) {
        return NeutronException.conflict("IpAddressGenerationFailure",
                "No more IP addresses available on network " + networkId + ".");
    }

    static NeutronException invalidIpForSubnet(String ip) {
        return new NeutronException(400, "InvalidIpForSubnet",
                "IP address " + ip + " is not a valid IP for the specified subnet.");
    }

    static NeutronException invalidIpForNetwork(String ip) {
        return new NeutronException(400, "InvalidIpForNetwork",
                "IP address " + ip + " is not a valid IP for any of the subnets on the specified network.");
    }

    static NeutronException tunnelIdInUse(int vni) {
        return NeutronException.conflict("TunnelIdInUse",
                "Unable to create the network. The tunnel ID " + vni + " is in use.");
    }

    static NeutronException vlanIdInUse(int vlan, String physnet) {
        return NeutronException.conflict("VlanIdInUse", "Unable to create the network. The VLAN " + vlan
                + " on physical network " + physnet + " is in use.");
    }

    static NeutronException flatNetworkInUse(String physnet) {
        return NeutronException.conflict("FlatNetworkInUse",
                "Unable to create the flat network. Physical network " + physnet + " is in use.");
    }

    static NeutronException noNetworkAvailable() {
        return new NeutronException(503, "NoNetworkAvailable",
                "Unable to create the network. No tenant network is available for allocation.");
    }

    static NeutronException macGenerationFailure(String networkId) {
        return new NeutronException(503, "MacAddressGenerationFailure",
                "Unable to generate unique mac on network " + networkId + ".");
    }

    static NeutronException invalidAllocationPool(String pool) {
        return new NeutronException(400, "InvalidAllocationPool", "The allocation pool " + pool + " is not valid.");
    }

    static NeutronException outOfBoundsAllocationPool(String pool, String cidr) {
        return new NeutronException(400, "OutOfBoundsAllocationPool",
                "The allocation pool " + pool + " spans beyond the subnet cidr " + cidr + ".");
    }

    static NeutronException overlappingAllocationPools(String a, String b, String cidr) {
        return NeutronException.conflict("OverlappingAllocationPools",
                "Found overlapping allocation pools: " + a + " and " + b + " for subnet " + cidr + ".");
    }

    static NeutronException gatewayConflictsWithPool(String gateway, String pool) {
        return NeutronException.conflict("GatewayConflictWithAllocationPools",
                "Gateway ip " + gateway + " conflicts with allocation pool " + pool + ".");
    }

    static NeutronException gatewayIpInUse(String gateway, String portId) {
        return NeutronException.conflict("GatewayIpInUse", "Current gateway ip " + gateway
                + " already in use by port " + portId + ". Unable to update.");
    }

    static NeutronException addressPairsNeedPortSecurity() {
        return NeutronException.conflict("AddressPairAndPortSecurityRequired",
                "Port Security must be enabled in order to have allowed address pairs on a port.");
    }

    static NeutronException portBound(String portId, String oldMac, String newMac) {
        return NeutronException.conflict("PortBound", "Unable to complete operation on port " + portId
                + ", port is already bound, port type: ovs, old_mac " + oldMac + ", new_mac " + newMac + ".");
    }
}
