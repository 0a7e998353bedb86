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

    static NeutronException dnsNameServersExhausted(String subnet, int limit) {
        return new NeutronException(400, "DNSNameServersExhausted", "Unable to complete operation for " + subnet
                + ". The number of DNS nameservers exceeds the limit " + limit + ".");
    }

    static NeutronException hostRoutesExhausted(String subnet, int limit) {
        return new NeutronException(400, "HostRoutesExhausted", "Unable to complete operation for " + subnet
                + ". The number of host routes exceeds the limit " + limit + ".");
    }

    static NeutronException allowedAddressPairExhausted(int limit) {
        return new NeutronException(400, "AllowedAddressPairExhausted",
                "The number of allowed address pair exceeds the maximum " + limit + ".");
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

    static NeutronException subnetPoolNotFound(String id) {
        return NeutronException.notFound("SubnetPoolNotFound", "Subnet pool " + id + " could not be found.");
    }

    static NeutronException routerNotFound(String id) {
        return NeutronException.notFound("RouterNotFound", "Router " + id + " could not be found");
    }

    static NeutronException floatingIpNotFound(String id) {
        return NeutronException.notFound("FloatingIPNotFound", "Floating IP " + id + " could not be found");
    }

    static NeutronException securityGroupRuleNotFound(String id) {
        return NeutronException.notFound("SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist");
    }

    static NeutronException trunkNotFound(String id) {
        return NeutronException.notFound("TrunkNotFound", "Trunk " + id + " could not be found.");
    }

    /** Neutron's BadRequest for subnets: "Bad subnets request: ...". */
    static NeutronException badSubnets(String message) {
        return NeutronException.badResourceRequest("subnets", message);
    }

    static NeutronException badRouter(String message) {
        return NeutronException.badResourceRequest("router", message);
    }

    static NeutronException badFloatingIp(String message) {
        return NeutronException.badResourceRequest("floatingip", message);
    }

    static NeutronException notAuthorized() {
        return new NeutronException(403, "NotAuthorized", "Not authorized.");
    }

    static NeutronException defaultExternalNetworkExists(String networkId) {
        return NeutronException.conflict("DefaultExternalNetworkExists",
                "A default external network already exists: " + networkId + ".");
    }

    static NeutronException externalNetworkInUse(String networkId) {
        return NeutronException.conflict("ExternalNetworkInUse", "External network " + networkId
                + " cannot be updated to be made non-external, since it has existing gateway ports.");
    }

    static NeutronException invalidSharedSetting(String networkId) {
        return NeutronException.conflict("InvalidSharedSetting", "Unable to reconfigure sharing settings for network "
                + networkId + ". Multiple tenants are using it.");
    }

    static NeutronException subnetPoolAffinity() {
        return new NeutronException(400, "NetworkSubnetPoolAffinityError",
                "Subnets hosted on the same network must be allocated from the same subnet pool.");
    }

    /** Neutron answers this with 500; it is the client's request that cannot be met, hence 409 here. */
    static NeutronException subnetAllocation(String reason) {
        return NeutronException.conflict("SubnetAllocationError", "Failed to allocate subnet: " + reason + ".");
    }

    static NeutronException minPrefix(int prefixlen, int min) {
        return new NeutronException(400, "MinPrefixSubnetAllocationError", "Unable to allocate subnet with prefix "
                + "length " + prefixlen + ", minimum allowed prefix is " + min + ".");
    }

    static NeutronException maxPrefix(int prefixlen, int max) {
        return new NeutronException(400, "MaxPrefixSubnetAllocationError", "Unable to allocate subnet with prefix "
                + "length " + prefixlen + ", maximum allowed prefix is " + max + ".");
    }

    static NeutronException subnetPoolQuotaExceeded() {
        return NeutronException.conflict("SubnetPoolQuotaExceeded", "Per-project subnet pool prefix quota exceeded.");
    }

    static NeutronException illegalPrefixBounds(String type, int prefixlen, String baseType, int base) {
        return new NeutronException(400, "IllegalSubnetPoolPrefixBounds", "Illegal prefix bounds: " + type + "="
                + prefixlen + ", " + baseType + "=" + base + ".");
    }

    static NeutronException subnetPoolInUse() {
        return new NeutronException(400, "SubnetPoolDeleteError",
                "Unable to delete subnet pool: Subnet pool has existing allocations.");
    }

    static NeutronException servicePortInUse(String portId, String owner) {
        return NeutronException.conflict("ServicePortInUse", "Port " + portId
                + " cannot be deleted directly via the port API: has device owner " + owner + ".");
    }

    static NeutronException portInUse(String networkId, String portId, String deviceId) {
        return NeutronException.conflict("PortInUse", "Unable to complete operation on port " + portId
                + " for network " + networkId + ". Port already has an attached device " + deviceId + ".");
    }

    static NeutronException routerInUse(String routerId, String reason) {
        return NeutronException.conflict("RouterInUse", "Router " + routerId + " " + reason);
    }

    static NeutronException securityGroupInUse(String id) {
        return NeutronException.conflict("SecurityGroupInUse", "Security Group " + id + " in use.");
    }

    static NeutronException portSecurityNeededForGroups() {
        return new NeutronException(400, "PortSecurityAndIPRequiredForSecurityGroups", "Port security must be "
                + "enabled and port must have an IP address in order to use security groups.");
    }

    /** neutron.extensions.securitygroup.SecurityGroupConflict. */
    static NeutronException securityGroupConflict(String reason) {
        return NeutronException.conflict("SecurityGroupConflict", "Error " + reason
                + " while attempting the operation.");
    }

    static NeutronException portHasSecurityGroups() {
        return NeutronException.conflict("PortSecurityPortHasSecurityGroup", "Port has security group associated. "
                + "Cannot disable port security or IP address until security group is removed.");
    }

    static NeutronException autoAllocationFailure(String reason) {
        return NeutronException.conflict("AutoAllocationFailure", "Deployment error: " + reason + ".");
    }

    static NeutronException tagResourceNotFound(String collection, String id) {
        return NeutronException.notFound("TagResourceNotFound", "Resource " + collection + " " + id
                + " could not be found.");
    }

    static NeutronException tagNotFound(String tag) {
        return NeutronException.notFound("TagNotFound", "Tag " + tag + " could not be found.");
    }

    static NeutronException overQuota(String resource) {
        return NeutronException.conflict("OverQuota", "Quota exceeded for resources: ['" + resource + "'].");
    }

    static NeutronException cannotUpdateDefaultGroup() {
        return NeutronException.conflict("SecurityGroupCannotUpdateDefault",
                "Updating default security group not allowed.");
    }

    static NeutronException cannotRemoveDefaultGroup() {
        return NeutronException.conflict("SecurityGroupCannotRemoveDefault",
                "Insufficient rights for removing default security group.");
    }

    static NeutronException defaultGroupExists() {
        return NeutronException.conflict("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
    }

    /** Neutron's InvalidInput subclasses keep their own type but the 400 of InvalidInput. */
    static NeutronException invalid(String type, String message) {
        return new NeutronException(400, type, message);
    }
}
